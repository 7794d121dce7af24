using Jobs.Contracts;

namespace Jobs.Worker.Running;

/// <summary>The reply to a <see cref="StartJob"/> for a job that is not pending (cancelled meanwhile, say).</summary>
public record JobNotStartable(JobSnapshot Job);
