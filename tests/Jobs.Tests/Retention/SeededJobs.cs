using Jobs.Contracts;
using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Tests.Retention;

/// <summary>
/// Jobs written straight into the jobs table, as a long-lived database holds them, for what the API cannot make: jobs
/// last updated months before the test's clock started. The count triggers see these inserts like any other, so the
/// totals include them. Places are negative, below any the stores' lines hand out.
/// </summary>
public static class SeededJobs
{
    /// <summary>The finished statuses, in the order bulk-seeded jobs take them.</summary>
    static readonly string[] Finished = [JobStatuses.Success, JobStatuses.Failed, JobStatuses.Cancelled];

    /// <summary>
    /// One job of <paramref name="storeId"/> in <paramref name="status"/>, created and last updated at <paramref name="at"/>;
    /// a started one as a run holds it. Its store gets no line, so no runner ever serves it.
    /// </summary>
    public static async Task<Guid> InsertAsync(JobsDbContext db, string storeId, string status, DateTimeOffset at, long sequence)
    {
        var time = at.UtcDateTime;
        var job = new JobState
        {
            CorrelationId = Guid.NewGuid(),
            CurrentState = StatusNames.StateName(status),
            Sequence = sequence,
            JobType = JobTypes.ProductExport,
            StoreId = storeId,
            RequestId = "seeded",
            CreatedAt = time,
            UpdatedAt = time,
        };
        if (status == JobStatuses.Started)
        {
            job.StartedAt = time;
            job.Attempt = 1;
            job.RunId = Guid.NewGuid();
            job.LeaseExpiresAt = time.AddMinutes(5);
        }

        if (status is JobStatuses.Success or JobStatuses.Failed)
        {
            job.StartedAt = time;
            job.CompletedAt = time;
            job.Attempt = 1;
        }

        db.Jobs.Add(job);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return job.CorrelationId;
    }

    /// <summary>
    /// <paramref name="count"/> finished jobs in one transaction on SQLite, last updated at <paramref name="at"/>: statuses,
    /// types and <paramref name="stores"/> taken in turn, places -1 to -count. Their ids begin with <paramref name="tag"/>
    /// (eight hex digits), so that a spec can count what is left of them.
    /// </summary>
    public static async Task InsertFinishedAsync(JobsDbContext db, int count, DateTimeOffset at, IReadOnlyList<string> stores, uint tag)
    {
        static string Choice(string over, IReadOnlyList<string> values) =>
            $"CASE {over} % {values.Count} " + string.Concat(values.Select((v, i) => $"WHEN {i} THEN '{v}' ")) + "END";

        var sql = $$"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {{count}})
            INSERT INTO jobs (id, status, sequence, type, store_id, request_id, parameters, created_at, updated_at, attempt, errors)
            SELECT printf('{{tag:X8}}-0000-4000-8000-%012X', i), {{Choice("i", Finished)}}, -i, {{Choice("i", JobTypes.All)}},
                {{Choice("i", stores)}}, 'seeded', {1}, {0}, {0}, 1, {2}
            FROM n
            """;
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await db.Database.ExecuteSqlRawAsync(sql, [at.UtcDateTime, "{}", "[]"], TestContext.Current.CancellationToken);
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>How many jobs whose ids begin with <paramref name="tag"/> are left.</summary>
    public static Task<int> CountAsync(JobsDbContext db, uint tag)
    {
        var prefix = $"{tag:X8}-%";
        return db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM jobs WHERE id LIKE {prefix}").SingleAsync(TestContext.Current.CancellationToken);
    }
}
