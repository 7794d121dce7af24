using Jobs.Worker.SagaRepository;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Persistence;

/// <summary>The rows of <c>job_lines</c>, as the saga and the runners take them in their transactions.</summary>
public static class StoreLines
{
    /// <summary>
    /// The store's line, locked until the current transaction ends; created on the store's first use. A store
    /// another transaction is creating right now is waited for, not created twice.
    /// </summary>
    public static async Task<StoreLine> LockAsync(this JobsDbContext db, string storeId, CancellationToken cancellationToken)
    {
        if (await db.FindLockedAsync<StoreLine>(storeId, cancellationToken) is { } line)
            return line;

        // A conflicting insert that has not committed yet makes this one wait for it, so afterwards the row is there.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO job_lines (store_id, last_sequence, last_created_at, has_work, last_served_at) VALUES ({storeId}, 0, {DateTime.UnixEpoch}, {false}, {DateTime.UnixEpoch}) ON CONFLICT (store_id) DO NOTHING",
            cancellationToken);
        return await db.FindLockedAsync<StoreLine>(storeId, cancellationToken)
            ?? throw new InvalidOperationException($"The line of store '{storeId}' could not be created.");
    }

    /// <summary>Marks the store's line as needing a runner (a job was put back in it), in the current transaction.</summary>
    public static Task MarkLineHasWorkAsync(this JobsDbContext db, string storeId, CancellationToken cancellationToken) =>
        db.Set<StoreLine>().Where(x => x.StoreId == storeId).ExecuteUpdateAsync(u => u.SetProperty(x => x.HasWork, true), cancellationToken);
}
