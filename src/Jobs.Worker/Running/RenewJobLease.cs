namespace Jobs.Worker.Running;

/// <summary>The runner's heartbeat: the run still holds the job for another <paramref name="Lease"/>.</summary>
public record RenewJobLease(Guid JobId, Guid RunId, TimeSpan Lease);
