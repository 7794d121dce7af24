namespace Jobs.Contracts;

/// <summary>A job as recorded at the moment an event or a reply was produced.</summary>
public record JobSnapshot
{
    /// <summary>The job's id.</summary>
    public Guid JobId { get; init; }

    /// <summary>One of <see cref="JobTypes"/>.</summary>
    public string JobType { get; init; } = "";

    /// <summary>One of <see cref="JobStatuses"/>.</summary>
    public string Status { get; init; } = "";

    /// <summary>The store the job belongs to.</summary>
    public string StoreId { get; init; } = JobStores.Default;

    /// <summary>The id of the request that created the job.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>When the job was first recorded (UTC).</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>When the job last changed (UTC).</summary>
    public DateTime UpdatedAt { get; init; }

    /// <summary>When the running attempt started (UTC), if it has.</summary>
    public DateTime? StartedAt { get; init; }

    /// <summary>When the job finished (UTC), if it has.</summary>
    public DateTime? CompletedAt { get; init; }

    /// <summary>The attempt running or last run; 0 before the first start.</summary>
    public int Attempt { get; init; }
}
