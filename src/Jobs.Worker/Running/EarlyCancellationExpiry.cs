using Jobs.Contracts;
using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Running;

/// <summary>
/// Answers the cancels whose jobs never arrived (see <see cref="EarlyCancellations"/>): once a cancel's wait has
/// passed, a canceller that asked is answered <c>JobNotFound</c> and the cancel is forgotten. Run by every
/// worker's sweep; two workers may both answer the same cancel, which a requester takes once.
/// </summary>
sealed class EarlyCancellationExpiry(IServiceScopeFactory scopes, IBus bus, TimeProvider clock)
{
    const int Batch = 100;

    public async Task ExpireAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await db.EarlyCancellations.AsNoTracking()
            .Where(x => x.ExpiresAt <= now)
            .OrderBy(x => x.ExpiresAt)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        foreach (var cancel in expired)
        {
            // Answered before it is removed: a crash in between answers twice rather than never.
            if (cancel.ResponseAddress is { } address)
            {
                var endpoint = await bus.GetSendEndpoint(address);
                await endpoint.Send(new JobNotFound(cancel.JobId), c => c.RequestId = cancel.RequestId, cancellationToken);
            }

            await db.EarlyCancellations.Where(x => x.Id == cancel.Id).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
