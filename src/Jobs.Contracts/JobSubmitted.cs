namespace Jobs.Contracts;

/// <summary>A job was recorded as pending; it is also the reply to a <see cref="SubmitJob"/> request.</summary>
/// <param name="Job">The job after the change.</param>
public record JobSubmitted(JobSnapshot Job);
