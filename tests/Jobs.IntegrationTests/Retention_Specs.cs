using System.Text.RegularExpressions;
using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Jobs.IntegrationTests;

/// <summary>
/// Retention on PostgreSQL, in a worker process: 100,000 finished jobs two months old go, in batches, while a store's line
/// keeps taking and running jobs; no pending or started job goes, whatever its age, and the totals stay exact. Runs alone:
/// it loads the shared database.
/// </summary>
[Collection(Faults.Name)]
public sealed partial class Retention_Specs(TestServices services)
{
    const int Old = 100_000;
    const int BatchSize = 500;
    const string Line = "retention-line";
    /// <summary>The store of old jobs that are not finished; it has no line, so no runner touches them.</summary>
    const string Unfinished = "retention-unfinished";
    static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hundred_thousand_old_jobs_go_in_batches_while_a_line_keeps_running_jobs()
    {
        var environment = await services.NewEnvironmentAsync();
        var connectionString = environment["ConnectionStrings:Jobs"]!;
        await LoadAsync(connectionString);
        // The first pass comes this long after the worker starts, once the line below is running.
        environment["Jobs:Retention:Interval"] = "00:00:05";
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);

        // One job after another on the line while retention works, watching how many old jobs are left and how many of the
        // line's jobs have finished, until the old jobs are gone.
        var submitted = new List<Guid>();
        var seen = new List<(int Old, int Finished)>();
        var deadline = DateTime.UtcNow + HangGuard;
        do
        {
            var jobId = NewId.NextGuid();
            await client.Bus.Publish(new SubmitJob { JobId = jobId, JobType = JobTypes.ProductExport, StoreId = Line }, Ct);
            submitted.Add(jobId);
            seen.Add(await WatchAsync(connectionString));
            Assert.True(DateTime.UtcNow < deadline, $"the old jobs were not gone after {HangGuard}; left: {seen[^1].Old}\n{worker.Output}");
        }
        while (seen[^1].Old > 0);

        var line = await new JobsDatabase(connectionString).WaitUntilFinishedAsync(submitted, TimeSpan.FromMinutes(2));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{submitted.Count} jobs submitted to the line while retention ran; the worker said:\n{string.Join('\n', PassLine().Matches(worker.Output).Select(m => m.Value))}");

        Assert.All(line, job => Assert.Equal(JobStatuses.Success, StatusNames.Status(job.CurrentState)));
        var byCreation = line.OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId).ToList();
        Assert.Equal(byCreation, line.OrderBy(x => x.StartedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId));
        Assert.Equal(byCreation, runs.All().Select(r => r.JobId));
        // Line jobs finished after retention's first batch had committed and before its last had.
        var firstBatchDone = seen.FindIndex(s => s.Old < Old);
        var lastBatchDone = seen.FindIndex(s => s.Old == 0);
        var finishedDuring = lastBatchDone > firstBatchDone ? seen[lastBatchDone - 1].Finished - seen[firstBatchDone].Finished : 0;
        Assert.True(finishedDuring > 0, $"no line job finished while retention ran; (old left, line jobs finished) at each look: {string.Join(", ", seen)}");
        // The worker's summaries: every old job, in batches of 500.
        var passes = PassLine().Matches(worker.Output).Select(m => (Deleted: int.Parse(m.Groups["deleted"].Value), Batches: int.Parse(m.Groups["batches"].Value))).ToList();
        Assert.Equal(Old, passes.Sum(p => p.Deleted));
        Assert.Equal(Old / BatchSize, passes.Sum(p => p.Batches));
        Assert.Equal([JobStatuses.Pending, JobStatuses.Started], await QueryAsync(connectionString, UnfinishedStatuses));
        var (counters, table) = await CountsAsync(connectionString);
        Assert.Equal(table, counters);
    }

    /// <summary>
    /// Two months old: 100,000 finished jobs of every status and type over three stores and the line's, and a pending and a
    /// started job of a store without a line. Loaded as README's Operations says, with the count triggers off and a recount.
    /// </summary>
    static async Task LoadAsync(string connectionString)
    {
        await using var db = Open(connectionString);
        await db.Database.MigrateAsync(Ct);
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE jobs DISABLE TRIGGER USER;", Ct);
        // Built from the code's own constants; EF Core reads {{}} as a literal brace pair.
        var load = $$$"""
            INSERT INTO jobs (id, status, sequence, type, store_id, request_id, parameters, created_at, updated_at, completed_at, attempt, errors)
            SELECT gen_random_uuid(), (ARRAY['success', 'failed', 'cancelled'])[1 + i % 3], -i,
                (ARRAY['{{{string.Join("', '", JobTypes.All)}}}'])[1 + i % {{{JobTypes.All.Count}}}],
                (ARRAY['retention-1', 'retention-2', 'retention-3', '{{{Line}}}'])[1 + i % 4],
                'seeded', '{{}}', now() - interval '60 days', now() - interval '60 days', now() - interval '60 days', 1, '[]'
            FROM generate_series(1, {{{Old}}}) AS i;
            INSERT INTO jobs (id, status, sequence, type, store_id, request_id, parameters, created_at, updated_at, started_at, attempt, errors)
            VALUES (gen_random_uuid(), 'pending', -1, 'product-export', '{{{Unfinished}}}', 'seeded', '{{}}', now() - interval '60 days', now() - interval '60 days', NULL, 0, '[]'),
                (gen_random_uuid(), 'started', -2, 'product-export', '{{{Unfinished}}}', 'seeded', '{{}}', now() - interval '60 days', now() - interval '60 days', now() - interval '60 days', 1, '[]');
            """;
        await db.Database.ExecuteSqlRawAsync(load, Ct);
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE jobs ENABLE TRIGGER USER;", Ct);
        await db.Database.ExecuteSqlRawAsync(JobCountTriggers.RecountSql, Ct);
        await transaction.CommitAsync(Ct);
    }

    const string OldLeft =
        "SELECT count(*)::int AS \"Value\" FROM jobs WHERE status IN ('success', 'failed', 'cancelled') AND updated_at < now() - interval '30 days'";

    /// <summary>The line's own jobs, not the old ones loaded into its store (whose places are negative).</summary>
    const string LineFinished = $"SELECT count(*)::int AS \"Value\" FROM jobs WHERE store_id = '{Line}' AND sequence > 0 AND status = 'success'";

    const string UnfinishedStatuses = $"SELECT status AS \"Value\" FROM jobs WHERE store_id = '{Unfinished}' ORDER BY sequence DESC";

    /// <summary>How many of the old finished jobs are left, and how many of the line's jobs have succeeded.</summary>
    static async Task<(int Old, int Finished)> WatchAsync(string connectionString)
    {
        await using var db = Open(connectionString);
        var old = await db.Database.SqlQueryRaw<int>(OldLeft).SingleAsync(Ct);
        var finished = await db.Database.SqlQueryRaw<int>(LineFinished).SingleAsync(Ct);
        return (old, finished);
    }

    /// <summary>job_counts (its stripes summed) and the jobs table, each as "store/status/type=count" lines (non-zero counts only), in the same order.</summary>
    static async Task<(List<string> Counters, List<string> Table)> CountsAsync(string connectionString) => (
        await QueryAsync(connectionString, "SELECT store_id || '/' || status || '/' || type || '=' || sum(count) AS \"Value\" FROM job_counts GROUP BY store_id, status, type HAVING sum(count) <> 0"),
        await QueryAsync(connectionString, "SELECT store_id || '/' || status || '/' || type || '=' || count(*) AS \"Value\" FROM jobs GROUP BY store_id, status, type"));

    static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var db = Open(connectionString);
        var rows = await db.Database.SqlQueryRaw<string>(sql).ToListAsync(Ct);
        return sql.Contains("ORDER BY", StringComparison.Ordinal) ? rows : [.. rows.Order(StringComparer.Ordinal)];
    }

    static PostgresJobsDbContext Open(string connectionString) => new(new DbContextOptionsBuilder<PostgresJobsDbContext>()
        .UseNpgsql(connectionString, o => o.MigrationsHistoryTable(PostgresJobsDbContext.MigrationsHistoryTable)).Options);

    [GeneratedRegex(@"Retention deleted (?<deleted>\d+) finished jobs last updated before \S+ in (?<batches>\d+) batches, in \S+")]
    private static partial Regex PassLine();
}
