namespace Jobs.Contracts;

/// <summary>The reply to a <see cref="SubmitJob"/> whose job id is already recorded; nothing changed.</summary>
/// <param name="Job">The job as recorded.</param>
public record JobAlreadySubmitted(JobSnapshot Job);
