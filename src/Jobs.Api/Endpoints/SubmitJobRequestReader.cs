using System.Text.Json;
using System.Text.Json.Nodes;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Contracts;

namespace Jobs.Api.Endpoints;

/// <summary>
/// Turns the body of <c>POST /pcm/jobs</c> into a <see cref="SubmitJob"/>, or into every problem with it,
/// each pointing at its place in the body.
/// </summary>
static class SubmitJobRequestReader
{
    public static (SubmitJob? Command, List<(string Detail, string? Pointer)> Problems) Read(JsonObject body, string? idempotencyKey, string requestId)
    {
        var problems = new List<(string Detail, string? Pointer)>();
        if (body["data"] is not JsonObject data)
        {
            problems.Add(("data can not be empty", "/data"));
            return (null, problems);
        }

        if (String(data, "type", "/data/type", problems) != JobResource.ResourceType)
            AddOnce(problems, $"data.type must be {JobResource.ResourceType}", "/data/type");

        var jobType = data["attributes"] is JsonObject attributes ? String(attributes, "type", "/data/attributes/type", problems) : null;
        if (string.IsNullOrEmpty(jobType))
            AddOnce(problems, "data.attributes.type can not be empty", "/data/attributes/type");
        else if (!JobTypes.All.Contains(jobType))
            problems.Add(($"data.attributes.type must be one of {string.Join(", ", JobTypes.All)}", "/data/attributes/type"));

        var id = Uuid(data, "id", "/data/id", problems);
        var meta = data["meta"] as JsonObject ?? [];
        if (data["meta"] is not (null or JsonObject))
            problems.Add(("data.meta must be an object", "/data/meta"));
        var command = new SubmitJob
        {
            JobId = id ?? (string.IsNullOrEmpty(idempotencyKey) ? Guid.NewGuid() : JobIds.FromIdempotencyKey(idempotencyKey)),
            JobType = jobType ?? "",
            RequestId = requestId,
            Filter = String(meta, "filter", "/data/meta/filter", problems),
            HierarchyId = Uuid(meta, "copied_from", "/data/meta/copied_from", problems),
            ProductId = Uuid(meta, "product_id", "/data/meta/product_id", problems),
            FileLocation = String(meta, "file_location", "/data/meta/file_location", problems),
            Parameters = Parameters(meta, problems),
        };

        var required = command.JobType switch
        {
            JobTypes.HierarchyDuplicate when command.HierarchyId is null => "copied_from",
            JobTypes.ChildProducts when command.ProductId is null => "product_id",
            JobTypes.ProductImport or JobTypes.PriceImport when string.IsNullOrWhiteSpace(command.FileLocation) => "file_location",
            _ => null,
        };
        if (required is not null)
            AddOnce(problems, $"data.meta.{required} can not be empty for a {command.JobType} job", $"/data/meta/{required}");

        return problems.Count == 0 ? (command, problems) : (null, problems);
    }

    /// <summary>True when a replayed request asks for the job that is recorded, not a different one under the same id.</summary>
    public static bool Matches(Jobs.Worker.StateMachines.JobState job, SubmitJob command) =>
        job.JobType == command.JobType
        && job.Filter == command.Filter
        && job.SourceHierarchyId == command.HierarchyId
        && job.ProductId == command.ProductId
        && job.FileLocation == command.FileLocation
        && job.Parameters.Count == (command.Parameters?.Count ?? 0)
        && job.Parameters.All(p => command.Parameters!.TryGetValue(p.Key, out var value) && value == p.Value);

    /// <summary>One error per place: a value of the wrong kind is not also reported as missing.</summary>
    static void AddOnce(List<(string Detail, string? Pointer)> problems, string detail, string pointer)
    {
        if (!problems.Any(p => p.Pointer == pointer))
            problems.Add((detail, pointer));
    }

    static string? String(JsonObject parent, string name, string pointer, List<(string, string?)> problems)
    {
        var node = parent[name];
        if (node is null)
            return null;
        if (node.GetValueKind() == JsonValueKind.String)
            return node.GetValue<string>();
        problems.Add(($"{pointer.TrimStart('/').Replace('/', '.')} must be a string", pointer));
        return null;
    }

    static Guid? Uuid(JsonObject parent, string name, string pointer, List<(string, string?)> problems)
    {
        var text = String(parent, name, pointer, problems);
        if (text is null)
            return null;
        if (Guid.TryParse(text, out var value) && value != Guid.Empty)
            return value;
        problems.Add(($"{pointer.TrimStart('/').Replace('/', '.')} must be a UUID", pointer));
        return null;
    }

    static Dictionary<string, string>? Parameters(JsonObject meta, List<(string, string?)> problems)
    {
        switch (meta["parameters"])
        {
            case null:
                return null;
            case JsonObject parameters when parameters.All(p => p.Value?.GetValueKind() == JsonValueKind.String):
                return parameters.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
            default:
                problems.Add(("data.meta.parameters must be an object of strings", "/data/meta/parameters"));
                return null;
        }
    }
}
