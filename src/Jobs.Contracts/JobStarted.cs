namespace Jobs.Contracts;

/// <summary>A job was started by the runner.</summary>
/// <param name="Job">The job after the change.</param>
public record JobStarted(JobSnapshot Job);
