using System.Globalization;
using System.Text.Json.Nodes;
using Jobs.Contracts;

namespace Jobs.Tests.Api;

/// <summary>
/// The four timestamps a spec expects of a job: instants of the API's clock at which the spec acted, never
/// values read back from the API or its table.
/// </summary>
public sealed record JobTimes(DateTimeOffset Created, DateTimeOffset Updated, DateTimeOffset? Started, DateTimeOffset? Completed)
{
    /// <summary>Submitted at <paramref name="created"/>, and unchanged since.</summary>
    public static JobTimes Pending(DateTimeOffset created) => new(created, created, null, null);

    /// <summary>Submitted at <paramref name="created"/>, cancelled at <paramref name="cancelled"/> before it started.</summary>
    public static JobTimes Cancelled(DateTimeOffset created, DateTimeOffset cancelled) => new(created, cancelled, null, null);

    /// <summary>Started at <paramref name="started"/>, and not finished.</summary>
    public static JobTimes Running(DateTimeOffset created, DateTimeOffset started) => new(created, started, started, null);

    /// <summary>Succeeded or failed: its last change is its completion.</summary>
    public static JobTimes Finished(DateTimeOffset created, DateTimeOffset started, DateTimeOffset completed) => new(created, completed, started, completed);
}

/// <summary>The documents the API should answer, built from values the spec knows (ids it chose, the instants it set the clock to).</summary>
public static class Expect
{
    /// <summary>The instant that <c>2024-01-05T13:46:42.142Z</c> names: how specs write the times they set the clock to.</summary>
    public static DateTimeOffset At(string utc) =>
        DateTimeOffset.ParseExact(utc, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary><c>2024-01-05T13:46:42.142Z</c>.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static JsonNode? Timestamp(DateTimeOffset? at) => at is null ? null : JsonValue.Create(Timestamp(at.Value));

    /// <summary>A <c>pim-job</c> with the timestamps <paramref name="at"/>.</summary>
    public static JsonObject Job(Guid id, string type, string status, JobTimes at, JsonObject meta) => new()
    {
        ["id"] = id.ToString(),
        ["type"] = "pim-job",
        ["attributes"] = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["created_at"] = Timestamp(at.Created),
            ["updated_at"] = Timestamp(at.Updated),
            ["started_at"] = Timestamp(at.Started),
            ["completed_at"] = Timestamp(at.Completed),
        },
        ["meta"] = meta.Parent is null ? meta : meta.DeepClone(),
    };

    /// <summary><c>{ "data": … }</c>.</summary>
    public static JsonObject Document(JsonNode data) => new() { ["data"] = data.Parent is null ? data : data.DeepClone() };

    /// <summary>The meta of a job type with no meta of its own (child-products, product-import, price-import).</summary>
    public static JsonObject Meta(string requestId) => new() { ["x_request_id"] = requestId };

    /// <summary>An export's meta: <c>file_locations</c> always (null until it succeeds), <c>filter</c> only when it has one.</summary>
    public static JsonObject ExportMeta(string requestId, string? filter = null, IEnumerable<string>? fileLocations = null)
    {
        var meta = new JsonObject
        {
            ["x_request_id"] = requestId,
            ["file_locations"] = fileLocations is null ? null : new JsonArray([.. fileLocations.Select(x => JsonValue.Create(x))]),
        };
        if (filter is not null)
            meta["filter"] = filter;
        return meta;
    }

    /// <summary>A duplicate's meta: <c>copied_from</c> always, <c>hierarchy_id</c> once it has one.</summary>
    public static JsonObject DuplicateMeta(string requestId, Guid copiedFrom, Guid? hierarchyId = null)
    {
        var meta = new JsonObject { ["x_request_id"] = requestId, ["copied_from"] = copiedFrom.ToString() };
        if (hierarchyId is not null)
            meta["hierarchy_id"] = hierarchyId.ToString();
        return meta;
    }

    /// <summary>The meta of a job submitted by <see cref="ApiDriver.SubmitAsync"/>, before it produced anything.</summary>
    public static JsonObject SubmittedMeta(string type, Guid jobId) => type switch
    {
        JobTypes.ProductExport => ExportMeta(ApiDriver.RequestIdOf(jobId)),
        JobTypes.HierarchyDuplicate => DuplicateMeta(ApiDriver.RequestIdOf(jobId), ApiDriver.SourceHierarchy),
        _ => Meta(ApiDriver.RequestIdOf(jobId)),
    };

    /// <summary>A page of a list: its data, its links and its meta.</summary>
    public static JsonObject List(IEnumerable<JsonNode> data, (string First, string Last, string? Next, string? Prev) links,
        (int Limit, int Offset, int Current, int Pages) page, int total) => new()
    {
        ["data"] = new JsonArray([.. data.Select(x => x.DeepClone())]),
        ["links"] = new JsonObject
        {
            ["first"] = links.First,
            ["last"] = links.Last,
            ["next"] = links.Next,
            ["prev"] = links.Prev,
        },
        ["meta"] = new JsonObject
        {
            ["page"] = new JsonObject { ["limit"] = page.Limit, ["offset"] = page.Offset, ["current"] = page.Current, ["total"] = page.Pages },
            ["results"] = new JsonObject { ["total"] = total },
        },
    };

    /// <summary>One JSON:API error object.</summary>
    public static JsonObject Error(int status, string title, string? detail = null, string? parameter = null, string? pointer = null, string? requestId = null)
    {
        var error = new JsonObject { ["status"] = status.ToString(CultureInfo.InvariantCulture), ["title"] = title };
        if (detail is not null)
            error["detail"] = detail;
        if (parameter is not null || pointer is not null)
        {
            var source = new JsonObject();
            if (parameter is not null)
                source["parameter"] = parameter;
            if (pointer is not null)
                source["pointer"] = pointer;
            error["source"] = source;
        }

        if (requestId is not null)
            error["request_id"] = requestId;
        return error;
    }

    /// <summary><c>{ "errors": [ … ] }</c>.</summary>
    public static JsonObject Errors(params JsonObject[] errors) => new() { ["errors"] = new JsonArray(errors) };

    public static JsonObject BadRequest(string detail, string? parameter = null) => Errors(Error(400, "Bad Request", detail, parameter));

    public static JsonObject NotFound(string detail) => Errors(Error(404, "Not Found", detail));

    public static JsonObject FailedValidation(string detail, string? pointer = null) => Errors(Error(422, "Failed Validation", detail, pointer: pointer));

    public static JsonObject Unauthorized(string detail) => Errors(Error(401, "Unauthorized", detail));

    /// <summary>The 401 for a request without a bearer token.</summary>
    public static JsonObject NoToken => Unauthorized("Send an access token from POST /oauth/access_token as Authorization: Bearer <token>.");

    /// <summary>The 401 for a token that is not valid, for a reason it does not give.</summary>
    public static JsonObject InvalidToken => Unauthorized("Unable to validate access token.");

    /// <summary>The 401 for a token that names no valid store.</summary>
    public static JsonObject NoStore => Unauthorized("Unable to validate access token: it does not name one store.");

    /// <summary>The 401 for wrong client credentials.</summary>
    public static JsonObject BadCredentials => Unauthorized("The client_id and client_secret do not match a client.");

    /// <summary>The <c>WWW-Authenticate</c> of a 401 for a token that was sent but refused.</summary>
    public static string InvalidTokenChallenge(string description) => $"Bearer error=\"invalid_token\", error_description=\"{description}\"";

    public const string BadFilter = "Could not parse the supplied filter";

    /// <summary>The 400 for a body that is not JSON: where the parse broke, never the parser's own message.</summary>
    public static JsonObject MalformedJson(string body)
    {
        var parseError = Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsonNode.Parse(body));
        Assert.NotNull(parseError.LineNumber);
        return BadRequest($"The request body is not valid JSON (line {parseError.LineNumber + 1}, position {parseError.BytePositionInLine + 1}).");
    }
}
