using Jobs.Contracts;

namespace Jobs.Worker.Running;

/// <summary>The reply to a <see cref="RequeueJob"/>: the job as recorded afterwards.</summary>
public record JobRequeued(JobSnapshot Job);
