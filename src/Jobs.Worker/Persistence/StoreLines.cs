using Jobs.Worker.SagaRepository;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Persistence;

/// <summary>
/// The rows of <c>job_lines</c>, and the line's lock, as the saga and the runners take them in their transactions
/// (docs/design.md, "Creation order is visibility order").
/// </summary>
/// <remarks>
/// On PostgreSQL a store's line has a lock of its own: a transaction-scoped advisory lock on the store. Every
/// submission holds it shared from before it takes its place until it commits, so submissions to one store run side by
/// side; whoever must see every place handed out so far (a runner about to read the head, a cancel about to wait for
/// its job, a runner about to mark the line empty) takes it exclusively, which waits for the submissions in flight and
/// holds new ones back for that instant. SQLite has one writer at a time, so there the line's row is all it takes.
/// </remarks>
public static class StoreLines
{
    /// <summary>The advisory lock's first key: ours among whatever else takes advisory locks in the database.</summary>
    const int LineLockClass = 0x4A4F4253;

    /// <summary>
    /// The next place in the store's line and the job's created date, for a submission in the current transaction, and
    /// the line marked as having work. Places and created dates order the line together: created date first, the place
    /// among jobs created in the same millisecond.
    /// </summary>
    public static async Task<LinePlace> TakePlaceAsync(this JobsDbContext db, string storeId, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!db.HasRowLocks())
        {
            var line = await db.LockAsync(storeId, cancellationToken);
            var now = JobStateMachine.Now(clock);
            line.LastSequence++;
            if (now > line.LastCreatedAt)
                line.LastCreatedAt = now;
            line.HasWork = true;
            return new LinePlace(line.LastSequence, line.LastCreatedAt);
        }

        // The lock is taken before the place and the date: a runner that holds the line exclusively has every place
        // taken before it committed, and every place taken after it comes later in the line. The date is the
        // database's clock, one clock for every worker, so dates taken later are never earlier.
        var taken = (await db.Database.SqlQuery<TakenPlace>($"""
            SELECT nextval('job_places') AS "Sequence", date_trunc('milliseconds', clock_timestamp()) AS "CreatedAt"
            FROM (SELECT pg_advisory_xact_lock_shared({LineLockClass}, hashtext({storeId}))) AS held
            """).ToListAsync(cancellationToken)).Single();

        // A statement of its own, so that it sees what committed while the lock was awaited (a runner marking the line
        // empty). Only a line marked empty is written to, and its row locked till commit: a line with work, the usual
        // case in a burst, is left alone, so submissions do not queue up behind each other on its row.
        await db.Database.ExecuteSqlAsync($"""
            WITH created AS (
                INSERT INTO job_lines (store_id, last_sequence, last_created_at, has_work, last_served_at)
                VALUES ({storeId}, 0, {DateTime.UnixEpoch}, {true}, {DateTime.UnixEpoch}) ON CONFLICT (store_id) DO NOTHING RETURNING 1)
            UPDATE job_lines SET has_work = {true} WHERE store_id = {storeId} AND NOT has_work
            """, cancellationToken);
        return new LinePlace(taken.Sequence, DateTime.SpecifyKind(taken.CreatedAt, DateTimeKind.Utc));
    }

    /// <summary>
    /// Holds the store's line until the current transaction ends: submissions in flight have committed when this
    /// returns, and new ones wait. On SQLite, whose write transaction already excludes every other writer, the line's row.
    /// </summary>
    public static async Task HoldAsync(this JobsDbContext db, string storeId, CancellationToken cancellationToken)
    {
        if (db.HasRowLocks())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LineLockClass}, hashtext({storeId}))", cancellationToken);
        else
            await db.LockAsync(storeId, cancellationToken);
    }

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

    sealed record TakenPlace(long Sequence, DateTime CreatedAt);
}

/// <summary>A job's place in its store's line and its created date, which order the line together.</summary>
public readonly record struct LinePlace(long Sequence, DateTime CreatedAt);
