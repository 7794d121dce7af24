using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Catalog;
using Jobs.Catalog.Persistence;
using Jobs.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.Catalog;

/// <summary>
/// <c>POST /pcm/hierarchies/{hierarchyID}/duplicate_job</c>: submits a <c>hierarchy-duplicate</c> job copying one of the
/// caller's hierarchies. The body (<c>{"data":{"type":"hierarchy","attributes":{"name","description","include_products"}}}</c>)
/// may be left out, as may each attribute. A hierarchy the caller's store does not have is a 404 and no job.
/// </summary>
static class HierarchyDuplicateEndpoint
{
    public static void Map(RouteGroupBuilder pcm) =>
        pcm.MapPost("hierarchies/{hierarchyID}/duplicate_job", HandleAsync)
            .WithName("DuplicateHierarchy")
            .WithSummary("Duplicate a hierarchy")
            .WithDescription("Answers 201 with the pending hierarchy-duplicate job; once it succeeds, meta.hierarchy_id names the copy.")
            .ProducesPendingJob(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status422UnprocessableEntity);

    static async Task<IResult> HandleAsync(
        string hierarchyID,
        HttpContext context,
        ClaimsPrincipal caller,
        CatalogDbContext catalog,
        JobSubmitter submitter,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(hierarchyID, out var sourceId))
            return ApiErrors.NotFound($"hierarchy {hierarchyID} not found");
        var (body, bodyError) = await JsonBody.ReadObjectAsync(context.Request, required: false, cancellationToken);
        if (bodyError is not null)
            return bodyError;
        var (parameters, problems) = Read(body);
        if (problems.Count > 0)
            return ApiErrors.FailedValidation(problems);

        var store = caller.Store();
        if (!await catalog.Hierarchies.AnyAsync(h => h.StoreId == store && h.Id == sourceId, cancellationToken))
            return ApiErrors.NotFound($"hierarchy {sourceId} not found");
        parameters[JobParameters.CopiedFrom] = sourceId.ToString();
        return await submitter.CreateAsync(new SubmitJob
        {
            JobId = Guid.NewGuid(),
            JobType = JobTypes.HierarchyDuplicate,
            StoreId = store,
            RequestId = context.TraceIdentifier,
            Parameters = parameters,
        }, cancellationToken);
    }

    /// <summary>The job's parameters from the body's attributes, or what is wrong with them (each with its pointer).</summary>
    static (Dictionary<string, string> Parameters, List<(string Detail, string? Pointer)> Problems) Read(JsonObject? body)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { [JobParameters.IncludeProducts] = "false" };
        var problems = new List<(string, string?)>();
        if (body is null)
            return (parameters, problems);
        if (body["data"] is not { } dataNode)
            return (parameters, problems);
        if (dataNode is not JsonObject data)
            return (parameters, [("data must be an object", "/data")]);
        if (data["type"] is { } type && (type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != "hierarchy"))
            problems.Add(("data.type must be 'hierarchy'", "/data/type"));
        if (data["attributes"] is not { } attributesNode)
            return (parameters, problems);
        if (attributesNode is not JsonObject attributes)
            return (parameters, [.. problems, ("data.attributes must be an object", "/data/attributes")]);

        Text(attributes, "name", JobParameters.Name, CatalogLimits.MaxNameLength, parameters, problems);
        Text(attributes, "description", JobParameters.Description, JobLimits.MaxParameterValueLength, parameters, problems);
        if (attributes["include_products"] is { } include)
        {
            if (include.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                parameters[JobParameters.IncludeProducts] = include.GetValue<bool>() ? "true" : "false";
            else
                problems.Add(("data.attributes.include_products must be true or false", "/data/attributes/include_products"));
        }

        return (parameters, problems);
    }

    /// <summary>An optional text attribute: a non-blank string within <paramref name="maxLength"/>; JSON null is as if absent.</summary>
    static void Text(JsonObject attributes, string member, string parameter, int maxLength, Dictionary<string, string> parameters, List<(string, string?)> problems)
    {
        if (attributes[member] is not { } node)
            return;
        var pointer = $"/data/attributes/{member}";
        if (node.GetValueKind() != JsonValueKind.String)
            problems.Add(($"data.attributes.{member} must be a string", pointer));
        else if (node.GetValue<string>() is var text && string.IsNullOrWhiteSpace(text))
            problems.Add(($"data.attributes.{member} must not be blank; leave it out for the default", pointer));
        else if (text.Length > maxLength)
            problems.Add(($"data.attributes.{member} must be at most {maxLength} characters, not {text.Length}", pointer));
        else
            parameters[parameter] = text;
    }
}
