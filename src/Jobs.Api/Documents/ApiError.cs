using System.Text.Json.Serialization;

namespace Jobs.Api.Documents;

/// <summary>A JSON:API error object, as Elastic Path's PXM APIs send them.</summary>
public sealed record ApiError
{
    /// <summary>The HTTP status code, as a string.</summary>
    public required string Status { get; init; }

    public required string Title { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }

    /// <summary>What in the request the error is about.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ErrorSource? Source { get; init; }

    /// <summary>The request's id, for reporting a server error.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RequestId { get; init; }
}

/// <summary>Where an error comes from: a query or path parameter, or a JSON pointer into the body.</summary>
public sealed record ErrorSource
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Parameter { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Pointer { get; init; }
}

/// <summary>The body of every 4xx and 5xx response.</summary>
public sealed record ErrorDocument(IReadOnlyList<ApiError> Errors);
