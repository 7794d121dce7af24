namespace Jobs.Api.Documents;

/// <summary>A <c>pim-job</c>.</summary>
public sealed record JobResource
{
    public const string ResourceType = "pim-job";

    public required Guid Id { get; init; }

    public string Type => ResourceType;

    public required JobAttributes Attributes { get; init; }

    public required JobMeta Meta { get; init; }
}

/// <summary>A job's attributes; <c>started_at</c> and <c>completed_at</c> are null until they happen.</summary>
public sealed record JobAttributes
{
    /// <summary>The job's type.</summary>
    public required string Type { get; init; }

    /// <summary>The job's status.</summary>
    public required string Status { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required DateTime UpdatedAt { get; init; }

    public required DateTime? StartedAt { get; init; }

    public required DateTime? CompletedAt { get; init; }
}

/// <summary>A job document: <c>{ "data": job }</c>.</summary>
public sealed record JobDocument(JobResource Data);

