namespace Jobs.Contracts;

/// <summary>
/// Reports the outcome of a started job. Sent by the runner when a handler returns; a request gets
/// <see cref="JobCompletionRecorded"/> back once the outcome is durable. A completion for a job that is not
/// started, or for an attempt other than the running one, changes nothing.
/// </summary>
public record JobCompleted
{
    /// <summary>The job that finished.</summary>
    public Guid JobId { get; init; }

    /// <summary>The attempt that finished; when absent, the attempt running now.</summary>
    public int? Attempt { get; init; }

    /// <summary>True when the job did its work without errors.</summary>
    public bool Succeeded { get; init; }

    /// <summary>The errors to report; a failed job has at least one.</summary>
    public IReadOnlyList<JobError> Errors { get; init; } = [];

    /// <summary><c>product-export</c>: where the exported files are.</summary>
    public IReadOnlyList<string>? FileLocations { get; init; }

    /// <summary><c>hierarchy-duplicate</c>: the id of the new hierarchy.</summary>
    public Guid? HierarchyId { get; init; }
}
