namespace Jobs.Contracts;

/// <summary>The reply to a <see cref="JobCompleted"/> request: the job as recorded afterwards.</summary>
/// <param name="Job">The job; its status is <c>success</c> or <c>failed</c> unless the completion was stale.</param>
public record JobCompletionRecorded(JobSnapshot Job);
