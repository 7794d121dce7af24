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

    /// <summary>Where the job's output files are, for a type that reports them (<c>product-export</c>): the API's <c>file_locations</c>.</summary>
    public IReadOnlyList<string>? FileLocations { get; init; }

    /// <summary>The hierarchy the job created, for a type that reports one (<c>hierarchy-duplicate</c>): the API's <c>hierarchy_id</c>.</summary>
    public Guid? HierarchyId { get; init; }
}
