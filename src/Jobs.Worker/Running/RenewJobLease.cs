using Jobs.Contracts;

namespace Jobs.Worker.Running;

/// <summary>The runner's heartbeat: the run still holds the job for another <paramref name="Lease"/>, and has got as far as <paramref name="Progress"/>.</summary>
public record RenewJobLease(Guid JobId, Guid RunId, TimeSpan Lease, JobProgress? Progress = null);
