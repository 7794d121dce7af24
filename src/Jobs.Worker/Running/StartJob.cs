namespace Jobs.Worker.Running;

/// <summary>
/// The runner asks the saga to start a pending job. Answered with <see cref="Jobs.Contracts.JobStarted"/>
/// once the start is durable, or <see cref="JobNotStartable"/> when the job is no longer pending.
/// </summary>
/// <param name="JobId">The job at the head of the line.</param>
/// <param name="RunId">New for every start; a retried request with the same id is answered again, not rejected.</param>
/// <param name="Lease">How long the job stays the run's without a renewal; for a remote run, how long its handler has to pick it up.</param>
/// <param name="Remote">Where the run goes when the job's type is handled in another service: the start then sends it a <c>RunJob</c>.</param>
public record StartJob(Guid JobId, Guid RunId, TimeSpan Lease, RemoteRun? Remote = null);

/// <summary>A run in another service: the queue its <c>RunJob</c> goes to, the lease its heartbeats renew, and where it reports.</summary>
/// <param name="Queue">The queue configured for the job's type (<c>Jobs:Handlers:&lt;type&gt;:Queue</c>).</param>
/// <param name="Lease">How long the run stays alive without a heartbeat once picked up.</param>
/// <param name="ReportTo">The saga's endpoint, where the handler sends its heartbeats and its completion.</param>
public record RemoteRun(string Queue, TimeSpan Lease, Uri ReportTo);
