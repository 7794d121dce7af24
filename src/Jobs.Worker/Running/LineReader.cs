using System.Data;
using Jobs.Worker.Persistence;
using Jobs.Worker.SagaRepository;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Running;

/// <summary>
/// Reads a store's line of unfinished jobs, in order: created date first, the place among jobs created in the same
/// millisecond. Each read of what comes next holds the line for an instant first (<see cref="StoreLines.HoldAsync"/>),
/// so every submission that took a place before it has committed and is seen, and every one after comes later.
/// </summary>
sealed class LineReader(IServiceScopeFactory scopes)
{
    /// <summary>
    /// The first job in the store's line that is pending or started. Reading both in one statement matters: a job
    /// started by another run stays at the head, so no runner ever starts the job behind it.
    /// </summary>
    public Task<JobState?> FindHeadAsync(string storeId, CancellationToken cancellationToken) =>
        ReadHeldAsync(storeId, db => db.Jobs.AsNoTracking()
            .Where(x => x.StoreId == storeId && (x.CurrentState == StatusNames.PendingState || x.CurrentState == StatusNames.StartedState))
            .OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence)
            .FirstOrDefaultAsync(cancellationToken), cancellationToken);

    /// <summary>The job as it is now, or null when it does not exist.</summary>
    public async Task<JobState?> FindAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == jobId, cancellationToken);
    }

    /// <summary>
    /// The first pending job of the store behind the job at <paramref name="sequence"/>: the head of the line once that
    /// job finishes. No job can appear before it meanwhile (see the class); one cancelled meanwhile is refused by the saga
    /// when asked to start.
    /// </summary>
    public Task<JobState?> FindPendingAfterAsync(string storeId, long sequence, CancellationToken cancellationToken) =>
        ReadHeldAsync(storeId, db =>
        {
            var ahead = db.Jobs.Where(x => x.StoreId == storeId && x.Sequence == sequence);
            return db.Jobs.AsNoTracking()
                .Where(x => x.StoreId == storeId && x.CurrentState == StatusNames.PendingState)
                .Where(x => ahead.Any(a => x.CreatedAt > a.CreatedAt || (x.CreatedAt == a.CreatedAt && x.Sequence > a.Sequence)))
                .OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence)
                .FirstOrDefaultAsync(cancellationToken);
        }, cancellationToken);

    async Task<JobState?> ReadHeldAsync(string storeId, Func<JobsDbContext, Task<JobState?>> read, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        // SQLite: one writer at a time hands places out in commit order, so there is nothing in flight to wait for.
        if (!db.HasRowLocks())
            return await read(db);

        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await db.HoldAsync(storeId, cancellationToken);
        var job = await read(db);
        await transaction.CommitAsync(cancellationToken);
        return job;
    }
}
