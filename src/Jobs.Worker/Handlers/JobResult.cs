namespace Jobs.Worker.Handlers;

/// <summary>The outcome a handler returns.</summary>
public record JobResult
{
    public bool Succeeded { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary><c>product-export</c>: where the exported files are.</summary>
    public IReadOnlyList<string>? FileLocations { get; init; }

    /// <summary><c>hierarchy-duplicate</c>: the new hierarchy.</summary>
    public Guid? HierarchyId { get; init; }

    public static JobResult Success() => new() { Succeeded = true };

    public static JobResult Failure(params string[] errors) => new() { Succeeded = false, Errors = errors };
}
