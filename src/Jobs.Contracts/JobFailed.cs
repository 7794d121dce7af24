namespace Jobs.Contracts;

/// <summary>A job finished with errors.</summary>
/// <param name="Job">The job after the change.</param>
/// <param name="Errors">The errors it reported.</param>
public record JobFailed(JobSnapshot Job, IReadOnlyList<JobError> Errors);
