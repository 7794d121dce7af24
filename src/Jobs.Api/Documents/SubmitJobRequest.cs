using System.Text.Json.Serialization;

namespace Jobs.Api.Documents;

/// <summary>
/// The body of <c>POST /pcm/jobs</c> (documentation only: the endpoint reads the JSON itself, to answer
/// every mistake with a JSON:API error that points at it).
/// </summary>
public sealed record SubmitJobRequest(SubmitJobRequestData Data);

public sealed record SubmitJobRequestData
{
    /// <summary>Optional: the job's id, a UUID. A retried request with the same id never creates a second job.</summary>
    public Guid? Id { get; init; }

    /// <summary>Always <c>pim-job</c>.</summary>
    public required string Type { get; init; }

    public required SubmitJobRequestAttributes Attributes { get; init; }

    public SubmitJobRequestMeta? Meta { get; init; }
}

public sealed record SubmitJobRequestAttributes
{
    /// <summary>The job's type.</summary>
    public required string Type { get; init; }
}

/// <summary>
/// The job's parameters: those its type declares, by their names (the OpenAPI document lists them from the job
/// types' definitions), and further options in <see cref="Parameters"/>.
/// </summary>
public sealed record SubmitJobRequestMeta
{
    /// <summary>Further options of the job's type, strings only (a duplicate's <c>name</c>, an import's <c>locale</c>, …).</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>The declared parameters, by name.</summary>
    [JsonExtensionData]
    public IDictionary<string, object?>? Declared { get; init; }
}
