namespace Jobs.Api.ReadModel;

/// <summary>A job as the API shows it, read from the jobs table (<see cref="JobQueries"/>).</summary>
public sealed record JobView
{
    public required Guid Id { get; init; }

    /// <summary>One of the job types (<see cref="Jobs.Contracts.JobTypes"/>).</summary>
    public required string Type { get; init; }

    /// <summary>One of the statuses (<see cref="Jobs.Contracts.JobStatuses"/>).</summary>
    public required string Status { get; init; }

    public required string RequestId { get; init; }

    /// <summary>The parameters as submitted.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required DateTime UpdatedAt { get; init; }

    public DateTime? StartedAt { get; init; }

    public DateTime? CompletedAt { get; init; }

    /// <summary>The hierarchy the job created, for a type that reports one.</summary>
    public Guid? HierarchyId { get; init; }

    /// <summary>Where the job's output files are, for a type that reports them.</summary>
    public IReadOnlyList<string>? FileLocations { get; init; }

    /// <summary>How far the job has got, as its handler last said; null when it never said.</summary>
    public Jobs.Contracts.JobProgress? Progress { get; init; }
}
