using Jobs.Contracts;

namespace Jobs.Handlers;

/// <summary>What a handler is given about the job it runs.</summary>
public record JobExecution
{
    /// <summary>The job being run.</summary>
    public required Guid JobId { get; init; }

    /// <summary>Its type, one of <see cref="JobTypes"/>.</summary>
    public required string JobType { get; init; }

    /// <summary>The store the job belongs to.</summary>
    public string? StoreId { get; init; }

    /// <summary>1 on the first start; higher when an earlier attempt was abandoned.</summary>
    public required int Attempt { get; init; }

    /// <summary>
    /// Where the handler says how far it has got (a percentage and a short message), shown on the job as the API's
    /// <c>meta.progress</c>. The latest report goes out with the run's next heartbeat, which it brings forward.
    /// </summary>
    public IProgress<JobProgress> Progress { get; init; } = new Progress<JobProgress>();

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
