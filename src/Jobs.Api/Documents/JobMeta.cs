using System.Text.Json.Serialization;
using Jobs.Contracts;

namespace Jobs.Api.Documents;

/// <summary>
/// A job's meta. <c>x_request_id</c> is always there; the others only for the job types they belong to
/// (<see cref="OnlyForJobTypesAttribute"/>), where they are present even while still null.
/// </summary>
public sealed record JobMeta
{
    /// <summary>The job's type, which decides the fields written; not itself written.</summary>
    [JsonIgnore]
    public string JobType { get; init; } = "";

    /// <summary>The id of the request that created the job.</summary>
    public required string XRequestId { get; init; }

    /// <summary>hierarchy-duplicate: the hierarchy copied.</summary>
    [OnlyForJobTypes(JobTypes.HierarchyDuplicate)]
    public Guid? CopiedFrom { get; init; }

    /// <summary>hierarchy-duplicate: the new hierarchy, once the job succeeded.</summary>
    [OnlyForJobTypes(JobTypes.HierarchyDuplicate)]
    public Guid? HierarchyId { get; init; }

    /// <summary>product-export: where the exported files are, once the job succeeded.</summary>
    [OnlyForJobTypes(JobTypes.ProductExport)]
    public IReadOnlyList<string>? FileLocations { get; init; }

    /// <summary>product-export: the filter the export used.</summary>
    [OnlyForJobTypes(JobTypes.ProductExport)]
    public string? Filter { get; init; }
}

/// <summary>Writes a <see cref="JobMeta"/> property only for the job types named.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OnlyForJobTypesAttribute(params string[] jobTypes) : Attribute
{
    public IReadOnlyList<string> JobTypes { get; } = jobTypes;
}
