using System.Data;
using Jobs.Contracts;
using Jobs.Worker.Outbox;
using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Running;

/// <summary>
/// Answers the cancels whose jobs never arrived (see <see cref="EarlyCancellations"/>): once a cancel's wait has
/// passed, the cancel is forgotten and, in the same transaction, a canceller that asked is answered
/// <c>JobNotFound</c> through the outbox. Run by every worker's sweep; of two workers sweeping at once, only the one
/// whose removal of the cancel counts answers it.
/// </summary>
sealed class EarlyCancellationExpiry(IServiceScopeFactory scopes, OutboxDelivery delivery, TimeProvider clock)
{
    const int Batch = 100;

    public async Task ExpireAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<JobsOutbox>();
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await db.EarlyCancellations.AsNoTracking()
            .Where(x => x.ExpiresAt <= now)
            .OrderBy(x => x.ExpiresAt)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        if (expired.Count == 0)
            return;

        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        foreach (var cancel in expired)
        {
            var removed = await db.EarlyCancellations.Where(x => x.Id == cancel.Id).ExecuteDeleteAsync(cancellationToken);
            if (removed == 1 && cancel.ResponseAddress is { } address)
                outbox.Send(address, new JobNotFound(cancel.JobId), cancel.RequestId, cancel.JobId);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        delivery.Wake();
    }
}
