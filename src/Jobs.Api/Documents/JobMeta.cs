using System.Text.Json.Serialization;
using Jobs.Contracts;

namespace Jobs.Api.Documents;

/// <summary>
/// A job's meta, as Elastic Path shows it: <c>x_request_id</c> always; then, from the job type's definition
/// (<see cref="JobTypes.Definitions"/>), the parameters it shows (<c>copied_from</c>, <c>filter</c>) when they
/// have a value, <c>hierarchy_id</c> once a duplicate has one, and <c>file_locations</c> for a type that reports
/// files (<c>null</c> until it succeeds); and, Jobs' own addition, <c>progress</c> (<c>percent</c>, <c>message</c>)
/// once the job's handler has reported some. A member that does not apply is left out, never written as null:
/// Elastic Path's schema types those members as strings.
/// </summary>
public sealed record JobMeta
{
    public const string HierarchyIdMember = "hierarchy_id";
    public const string FileLocationsMember = "file_locations";

    /// <summary>Jobs' addition to Elastic Path's meta: how far the job has got, once its handler has said.</summary>
    public const string ProgressMember = "progress";

    /// <summary>The id of the request that created the job.</summary>
    public required string XRequestId { get; init; }

    /// <summary>The members the job's type shows, by name.</summary>
    [JsonExtensionData]
    public IDictionary<string, object?> Members { get; init; } = new Dictionary<string, object?>();

    /// <summary>The meta of a job of <paramref name="jobType"/> with these parameters and results.</summary>
    public static JobMeta Of(string jobType, string requestId, IReadOnlyDictionary<string, string> parameters,
        Guid? hierarchyId, IReadOnlyList<string>? fileLocations, JobProgress? progress = null)
    {
        var members = new Dictionary<string, object?>();
        var definition = JobTypes.Find(jobType);
        foreach (var parameter in definition?.Parameters.Where(p => p.ShownInMeta) ?? [])
        {
            if (parameters.TryGetValue(parameter.Name, out var value))
                members[parameter.Name] = value;
        }

        if (definition?.ReportsHierarchyId == true && hierarchyId is not null)
            members[HierarchyIdMember] = hierarchyId;
        if (definition?.ReportsFileLocations == true)
            members[FileLocationsMember] = fileLocations;
        if (progress is not null)
            members[ProgressMember] = new JobProgressMember(progress.Percent, progress.Message);
        return new JobMeta { XRequestId = requestId, Members = members };
    }
}

/// <summary>A job's <c>meta.progress</c>: how far its handler said it had got.</summary>
/// <param name="Percent">0 to 100.</param>
/// <param name="Message">The handler's short note, when it gave one.</param>
public sealed record JobProgressMember(
    [property: JsonPropertyName("percent")] int Percent,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);
