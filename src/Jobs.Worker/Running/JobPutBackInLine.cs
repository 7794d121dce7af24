using Jobs.Contracts;

namespace Jobs.Worker.Running;

/// <summary>The reply to a <see cref="PutJobBackInLine"/>: the job as recorded afterwards.</summary>
public record JobPutBackInLine(JobSnapshot Job);
