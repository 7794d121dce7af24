namespace Jobs.Contracts;

/// <summary>
/// Reports the outcome of a run: sent by the runner when an in-process handler returns, and by a handler in
/// another service when its <see cref="RunJob"/> is done (to <see cref="RunJob.ReportTo"/>). A request gets
/// <see cref="JobCompletionRecorded"/> back once the outcome is durable. A completion that does not name the
/// job's live run (another attempt, a job that already ended, the same report twice) changes nothing.
/// Checked against <see cref="JobReportRules"/>: one past a limit faults and changes nothing.
/// </summary>
public record JobCompleted
{
    /// <summary>The job that finished.</summary>
    public Guid JobId { get; init; }

    /// <summary>The attempt that finished, as its <see cref="RunJob"/> said.</summary>
    public int Attempt { get; init; }

    /// <summary>The run that finished, as its <see cref="RunJob"/> said: only the live run's report counts.</summary>
    public Guid RunId { get; init; }

    /// <summary>True when the job did its work without errors.</summary>
    public bool Succeeded { get; init; }

    /// <summary>The errors to report; a failed job has at least one (Jobs adds one when none is given).</summary>
    public IReadOnlyList<JobError> Errors { get; init; } = [];

    /// <summary>Where the job's output files are, for a type that reports them (<c>product-export</c>): the API's <c>file_locations</c>.</summary>
    public IReadOnlyList<string>? FileLocations { get; init; }

    /// <summary>The hierarchy the job created, for a type that reports one (<c>hierarchy-duplicate</c>): the API's <c>hierarchy_id</c>.</summary>
    public Guid? HierarchyId { get; init; }
}
