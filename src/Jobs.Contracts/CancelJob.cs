namespace Jobs.Contracts;

/// <summary>
/// Asks the service to cancel a job. Only a pending job can be cancelled. A request gets
/// <see cref="JobCancelled"/> or <see cref="JobNotCancellable"/> back. A cancel that arrives before its job's
/// <see cref="SubmitJob"/> (the two may be handled out of order) waits for it: the job is recorded as cancelled
/// when it arrives, and the canceller is answered then; only when no such job arrives within the configured wait
/// (<c>Jobs:Cancel:WaitForSubmission</c>) is a request answered <see cref="JobNotFound"/>.
/// </summary>
/// <param name="JobId">The job to cancel.</param>
/// <param name="StoreId">The store the job belongs to (<see cref="JobStores.Default"/> when absent): a job of another store is not found.</param>
public record CancelJob(Guid JobId, string? StoreId = null);
