namespace Jobs.Contracts;

/// <summary>
/// Everything Jobs knows about a job type apart from its handler: its name, the parameters it takes and
/// what it reports. Validation on the bus and in the API, the saga's bookkeeping, what a handler is given and
/// the API's documents all read it from here (<see cref="JobTypes.Definitions"/>).
/// </summary>
public sealed record JobTypeDefinition
{
    /// <summary>The type's name on the wire, e.g. <c>product-export</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What a job of this type does, for people.</summary>
    public required string Description { get; init; }

    /// <summary>The parameters it takes, required or optional.</summary>
    public IReadOnlyList<JobParameter> Parameters { get; init; } = [];

    /// <summary>It reports where its output files are: the API's <c>meta.file_locations</c>, <c>null</c> until it succeeds.</summary>
    public bool ReportsFileLocations { get; init; }

    /// <summary>It reports the hierarchy it created: the API's <c>meta.hierarchy_id</c>, once it has one.</summary>
    public bool ReportsHierarchyId { get; init; }

    /// <summary>The parameter of this type with the given name, or null when the type takes no such parameter.</summary>
    public JobParameter? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
}
