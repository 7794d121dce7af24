namespace Jobs.Api.ReadModel;

/// <summary>
/// A row of the <c>jobs</c> table as the API maps it: the columns it shows, nothing the saga keeps for itself
/// (leases, runs), each property named after its column. Queries project it into <see cref="JobView"/>; only the
/// errors query reads <see cref="Errors"/>.
/// </summary>
sealed class JobRecord
{
    public Guid Id { get; set; }

    public string Status { get; set; } = "";

    public long Sequence { get; set; }

    public string Type { get; set; } = "";

    public string StoreId { get; set; } = "";

    public string RequestId { get; set; } = "";

    public Dictionary<string, string> Parameters { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public Guid? HierarchyId { get; set; }

    public List<string>? FileLocations { get; set; }

    public Jobs.Contracts.JobProgress? Progress { get; set; }

    public List<Jobs.Contracts.JobError> Errors { get; set; } = [];
}

/// <summary>
/// A row of <c>job_counts</c>: how many jobs of a store have a status and a type, in one stripe, kept exact by the
/// database. Only the sum over the stripes is a count.
/// </summary>
sealed class JobCountRecord
{
    public string StoreId { get; set; } = "";

    public string Status { get; set; } = "";

    public string Type { get; set; } = "";

    public short Stripe { get; set; }

    public long Count { get; set; }
}
