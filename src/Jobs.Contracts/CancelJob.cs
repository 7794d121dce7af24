namespace Jobs.Contracts;

/// <summary>
/// Asks the service to cancel a job. Only a pending job can be cancelled. A request gets
/// <see cref="JobCancelled"/>, <see cref="JobNotCancellable"/> or <see cref="JobNotFound"/> back.
/// </summary>
/// <param name="JobId">The job to cancel.</param>
public record CancelJob(Guid JobId);
