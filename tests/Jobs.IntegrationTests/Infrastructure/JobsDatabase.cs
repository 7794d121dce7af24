using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Outbox;
using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>Reads the jobs table the way an observer would: straight from PostgreSQL.</summary>
public sealed class JobsDatabase(string connectionString)
{
    PostgresJobsDbContext Open() => new(new DbContextOptionsBuilder<PostgresJobsDbContext>().UseNpgsql(connectionString).Options);

    public async Task<List<JobState>> AllJobsAsync()
    {
        await using var db = Open();
        return await db.Jobs.AsNoTracking().OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence).ToListAsync(TestContext.Current.CancellationToken);
    }

    public async Task<JobState?> FindAsync(Guid jobId)
    {
        await using var db = Open();
        return await db.Jobs.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == jobId, TestContext.Current.CancellationToken);
    }

    /// <summary>The job_counts rows (their stripes summed) and the counts of the jobs table, both as "status/type=count" lines, non-zero only.</summary>
    public async Task<(List<string> Counters, List<string> Table)> CountsAsync()
    {
        await using var db = Open();
        var counters = (await db.Counts.AsNoTracking().GroupBy(c => new { c.Status, c.Type })
            .Select(g => new { g.Key.Status, g.Key.Type, Count = g.Sum(c => c.Count) }).ToListAsync(TestContext.Current.CancellationToken))
            .Where(c => c.Count != 0).OrderBy(c => c.Status, StringComparer.Ordinal).ThenBy(c => c.Type, StringComparer.Ordinal)
            .Select(c => $"{c.Status}/{c.Type}={c.Count}").ToList();
        var table = (await db.Jobs.AsNoTracking().GroupBy(j => new { j.CurrentState, j.JobType })
            .Select(g => new { g.Key.CurrentState, g.Key.JobType, Count = g.LongCount() }).ToListAsync(TestContext.Current.CancellationToken))
            .Select(g => (Status: StatusNames.Status(g.CurrentState), g.JobType, g.Count))
            .OrderBy(g => g.Status, StringComparer.Ordinal).ThenBy(g => g.JobType, StringComparer.Ordinal)
            .Select(g => $"{g.Status}/{g.JobType}={g.Count}").ToList();
        return (counters, table);
    }

    /// <summary>Polls until a cancel for <paramref name="jobId"/> is recorded as waiting for its job.</summary>
    public Task WaitForEarlyCancellationAsync(Guid jobId) =>
        Eventually.HoldsAsync(async () =>
        {
            await using var db = Open();
            return await db.EarlyCancellations.AnyAsync(x => x.JobId == jobId, TestContext.Current.CancellationToken);
        }, TimeSpan.FromSeconds(30), () => $"a cancel of {jobId} to wait for the job");

    /// <summary>
    /// Polls until every one of <paramref name="jobIds"/> is finished (success, failed or cancelled). Each poll
    /// counts the finished ones, and the rows are read once that count is whole: reading thousands of rows every
    /// few milliseconds would take the machine from the worker under test.
    /// </summary>
    public async Task<List<JobState>> WaitUntilFinishedAsync(IReadOnlyCollection<Guid> jobIds, TimeSpan timeout)
    {
        var ids = jobIds.Distinct().ToList();
        var finishedStates = new[] { JobStatuses.Success, JobStatuses.Failed, JobStatuses.Cancelled }.Select(StatusNames.StateName).ToList();
        var finished = 0;
        await Eventually.HoldsAsync(async () =>
        {
            await using var db = Open();
            finished = await db.Jobs.CountAsync(x => ids.Contains(x.CorrelationId) && finishedStates.Contains(x.CurrentState), TestContext.Current.CancellationToken);
            return finished == ids.Count;
        }, timeout, () => $"{ids.Count} jobs to finish; {finished} have");
        var wanted = ids.ToHashSet();
        return [.. (await AllJobsAsync()).Where(x => wanted.Contains(x.CorrelationId))];
    }

    /// <summary>How many of <paramref name="jobIds"/> are in <paramref name="status"/>.</summary>
    public async Task<int> CountAsync(IReadOnlyCollection<Guid> jobIds, string status)
    {
        var state = StatusNames.StateName(status);
        await using var db = Open();
        return await db.Jobs.CountAsync(x => jobIds.Contains(x.CorrelationId) && x.CurrentState == state, TestContext.Current.CancellationToken);
    }

    /// <summary>The messages the outbox holds, not yet confirmed by the broker, in the order they were written.</summary>
    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var db = Open();
        return await db.OutboxMessages.AsNoTracking().OrderBy(x => x.Sequence).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Polls until the outbox is empty: every message written so far has been confirmed by the broker, so it is on
    /// every queue bound to where it went.
    /// </summary>
    public async Task WaitForEmptyOutboxAsync(TimeSpan timeout)
    {
        var backlog = 0;
        await Eventually.HoldsAsync(async () =>
        {
            await using var db = Open();
            backlog = await db.OutboxMessages.CountAsync(TestContext.Current.CancellationToken);
            return backlog == 0;
        }, timeout, () => $"the outbox to be delivered; {backlog} messages wait");
    }

    public async Task<JobState> WaitForStatusAsync(Guid jobId, string status, TimeSpan? timeout = null)
    {
        JobState? job = null;
        await Eventually.HoldsAsync(async () =>
        {
            job = await FindAsync(jobId);
            return job is not null && StatusNames.Status(job.CurrentState) == status;
        }, timeout ?? TimeSpan.FromSeconds(60), () => $"job {jobId} to be {status}, but it is {(job is null ? "missing" : StatusNames.Status(job.CurrentState))}");
        return job!;
    }
}
