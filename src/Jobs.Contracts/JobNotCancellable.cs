namespace Jobs.Contracts;

/// <summary>The reply to a <see cref="CancelJob"/> for a job that is no longer pending; nothing changed.</summary>
/// <param name="Job">The job as recorded, whose status says why.</param>
public record JobNotCancellable(JobSnapshot Job);
