using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Running;

/// <summary>Reads the line of unfinished jobs, in order.</summary>
sealed class JobLine(IServiceScopeFactory scopes)
{
    /// <summary>
    /// The first job in line that is pending or started. Reading both in one statement matters: a job
    /// started by another runner stays at the head, so no runner ever starts the job behind it.
    /// </summary>
    public async Task<JobState?> FindHeadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.AsNoTracking()
            .Where(x => x.CurrentState == StatusNames.PendingState || x.CurrentState == StatusNames.StartedState)
            .OrderBy(x => x.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The first pending job behind <paramref name="sequence"/>: the head of the line once the job at that place
    /// finishes. Jobs become visible in the order of their places, so none can appear before it meanwhile;
    /// one cancelled meanwhile is refused by the saga when asked to start.
    /// </summary>
    public async Task<JobState?> FindPendingAfterAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.AsNoTracking()
            .Where(x => x.CurrentState == StatusNames.PendingState && x.Sequence > sequence)
            .OrderBy(x => x.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
