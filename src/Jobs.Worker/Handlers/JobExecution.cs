using Jobs.Contracts;

namespace Jobs.Worker.Handlers;

/// <summary>What a handler is given about the job it runs.</summary>
public record JobExecution
{
    public required Guid JobId { get; init; }

    public required string JobType { get; init; }

    public string? StoreId { get; init; }

    /// <summary>1 on the first start; higher when an earlier attempt was abandoned.</summary>
    public required int Attempt { get; init; }

    /// <summary>The parameters as submitted, declared ones (<see cref="JobParameters"/>) and further options alike.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>A parameter's value, or null when the job was submitted without it.</summary>
    public string? Parameter(string name) => Parameters.GetValueOrDefault(name);

    /// <summary>
    /// A UUID parameter's value (<c>copied_from</c>, <c>product_id</c>), or null when absent. Submissions are
    /// checked against their type's definition, so a declared UUID parameter always parses.
    /// </summary>
    public Guid? UuidParameter(string name) => Parameters.TryGetValue(name, out var value) ? Guid.Parse(value) : null;
}
