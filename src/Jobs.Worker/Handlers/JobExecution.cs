namespace Jobs.Worker.Handlers;

/// <summary>What a handler is given about the job it runs.</summary>
public record JobExecution
{
    public required Guid JobId { get; init; }

    public required string JobType { get; init; }

    public string? StoreId { get; init; }

    /// <summary>1 on the first start; higher when an earlier attempt was abandoned.</summary>
    public required int Attempt { get; init; }

    public string? Filter { get; init; }

    public Guid? HierarchyId { get; init; }

    public Guid? ProductId { get; init; }

    public string? FileLocation { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}
