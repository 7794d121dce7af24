using System.Data;
using Jobs.Catalog.Files;
using Jobs.Contracts;
using Jobs.Worker.Persistence;
using Jobs.Worker.SagaRepository;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Retention;

/// <summary>
/// Deletes one batch of the oldest finished jobs last updated before a cutoff, with their files (docs/design.md,
/// "Retention"). The files go first and the rows after: a crash in between leaves rows whose files are already gone,
/// which the next pass deletes (removing a job's missing files is no error), and never files that no row names any more.
/// </summary>
/// <param name="files">The file store, when the process has one: a worker without the catalog keeps no job files.</param>
sealed class RetentionBatches(IServiceScopeFactory scopes, IFileStore? files)
{
    /// <summary>
    /// The oldest finished jobs. The status test is written exactly as the filter of <c>ix_jobs_finished_updated_at</c>,
    /// so that both databases read the candidates from that partial index, in order, and stop at the batch's end.
    /// </summary>
    const string Oldest = """
        SELECT id AS "Id", store_id AS "StoreId" FROM jobs
        WHERE status IN ('success', 'failed', 'cancelled') AND updated_at < {0}
        ORDER BY updated_at LIMIT {1}
        """;

    /// <summary>
    /// <see cref="Oldest"/> on PostgreSQL: the candidates stay locked until the batch commits, and rows another worker's
    /// batch holds are skipped rather than waited for, so workers' passes run side by side without waiting for each other.
    /// </summary>
    const string OldestLocked = Oldest + " FOR UPDATE SKIP LOCKED";

    /// <summary>File stores are slow per call (an object store is a round trip a file); a few jobs' files go at once.</summary>
    const int ParallelFileRemovals = 8;

    static readonly string[] FinishedStates = [.. new[] { JobStatuses.Success, JobStatuses.Failed, JobStatuses.Cancelled }.Select(StatusNames.StateName)];

    /// <summary>Deletes up to <paramref name="batchSize"/> finished jobs last updated before <paramref name="cutoff"/>, oldest first; answers how many.</summary>
    public async Task<int> DeleteOldestAsync(DateTime cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        // PostgreSQL: one short transaction holds the candidates' row locks from the pick to the delete. Finished rows never
        // change, so those locks keep waiting only a command that names one of these jobs. SQLite has one writer for the
        // whole database: the pick is a plain read and the delete a statement of its own, so that no write lock is held
        // while files are removed.
        var rowLocks = db.HasRowLocks();
        await using var transaction = rowLocks ? await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken) : null;
        var batch = await db.Database.SqlQueryRaw<FinishedJob>(rowLocks ? OldestLocked : Oldest, cutoff, batchSize).ToListAsync(cancellationToken);
        if (batch.Count == 0)
            return 0;

        await RemoveFilesAsync(batch, cancellationToken);

        // The status is tested again, so that only a finished job is ever deleted, whatever happened since the pick. The
        // count triggers update job_counts row by row, in this statement; its rows' locks last only until the commit below.
        var ids = batch.Select(j => j.Id).ToList();
        var deleted = await db.Jobs
            .Where(j => ids.Contains(j.CorrelationId) && FinishedStates.Contains(j.CurrentState) && j.UpdatedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        if (transaction is not null)
            await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    Task RemoveFilesAsync(List<FinishedJob> batch, CancellationToken cancellationToken) =>
        files is null
            ? Task.CompletedTask
            : Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = ParallelFileRemovals, CancellationToken = cancellationToken },
                (job, ct) => new ValueTask(files.RemoveJobFilesAsync(job.StoreId, job.Id, ct)));

    /// <summary>A candidate: what removing its files needs.</summary>
    sealed record FinishedJob(Guid Id, string StoreId);
}
