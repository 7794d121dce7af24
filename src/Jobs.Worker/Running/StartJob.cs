namespace Jobs.Worker.Running;

/// <summary>
/// The runner asks the saga to start a pending job. Answered with <see cref="Jobs.Contracts.JobStarted"/>
/// once the start is durable, or <see cref="JobNotStartable"/> when the job is no longer pending.
/// </summary>
/// <param name="JobId">The job at the head of the line.</param>
/// <param name="RunId">New for every start; a retried request with the same id is answered again, not rejected.</param>
/// <param name="Lease">How long the job stays the runner's without a renewal.</param>
public record StartJob(Guid JobId, Guid RunId, TimeSpan Lease);
