namespace Jobs.Contracts;

/// <summary>A job was cancelled while pending; it is also the reply to a <see cref="CancelJob"/> request that cancelled it.</summary>
/// <param name="Job">The job after the change.</param>
public record JobCancelled(JobSnapshot Job);
