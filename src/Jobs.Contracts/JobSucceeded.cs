namespace Jobs.Contracts;

/// <summary>A job finished without errors.</summary>
/// <param name="Job">The job after the change.</param>
public record JobSucceeded(JobSnapshot Job);
