using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Running;

/// <summary>Reads a store's line of unfinished jobs, in order.</summary>
sealed class LineReader(IServiceScopeFactory scopes)
{
    /// <summary>
    /// The first job in the store's line that is pending or started. Reading both in one statement matters: a job
    /// started by another run stays at the head, so no runner ever starts the job behind it.
    /// </summary>
    public async Task<JobState?> FindHeadAsync(string storeId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.AsNoTracking()
            .Where(x => x.StoreId == storeId && (x.CurrentState == StatusNames.PendingState || x.CurrentState == StatusNames.StartedState))
            .OrderBy(x => x.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The job as it is now, or null when it does not exist.</summary>
    public async Task<JobState?> FindAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == jobId, cancellationToken);
    }

    /// <summary>
    /// The first pending job of the store behind <paramref name="sequence"/>: the head of the line once the job at
    /// that place finishes. Jobs become visible in the order of their places, so none can appear before it
    /// meanwhile; one cancelled meanwhile is refused by the saga when asked to start.
    /// </summary>
    public async Task<JobState?> FindPendingAfterAsync(string storeId, long sequence, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.AsNoTracking()
            .Where(x => x.StoreId == storeId && x.CurrentState == StatusNames.PendingState && x.Sequence > sequence)
            .OrderBy(x => x.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
