namespace Jobs.Contracts;

/// <summary>
/// A job was recorded; it is also the reply to a <see cref="SubmitJob"/> request. Its status is <c>pending</c>,
/// or <c>cancelled</c> when a <see cref="CancelJob"/> for it arrived before it (a <see cref="JobCancelled"/> follows).
/// </summary>
/// <param name="Job">The job after the change.</param>
public record JobSubmitted(JobSnapshot Job);
