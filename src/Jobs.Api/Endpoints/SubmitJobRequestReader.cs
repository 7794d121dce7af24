using System.Text.Json;
using System.Text.Json.Nodes;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Api.ReadModel;
using Jobs.Contracts;

namespace Jobs.Api.Endpoints;

/// <summary>
/// Turns the body of <c>POST /pcm/jobs</c> into a <see cref="SubmitJob"/>, or into every problem with it, each
/// pointing at its place in the body. The JSON's shape is checked here; what the values must be is
/// <see cref="SubmitJobRules"/>', the same rules the saga applies to commands from the bus.
/// </summary>
static class SubmitJobRequestReader
{
    const string ParametersMember = "parameters";

    /// <summary>Every parameter some job type declares: these are written at the top of <c>data.meta</c>.</summary>
    static readonly HashSet<string> Declared = [.. JobTypes.Definitions.SelectMany(d => d.Parameters).Select(p => p.Name)];

    public static (SubmitJob? Command, List<(string Detail, string? Pointer)> Problems) Read(JsonObject body, string storeId, string? idempotencyKey, string requestId)
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
        var id = Uuid(data, "id", "/data/id", problems);
        if (data["meta"] is not (null or JsonObject))
            problems.Add(("data.meta must be an object", "/data/meta"));
        var command = new SubmitJob
        {
            JobId = id ?? (string.IsNullOrEmpty(idempotencyKey) ? Guid.NewGuid() : JobIds.FromIdempotencyKey(storeId, idempotencyKey)),
            JobType = jobType ?? "",
            StoreId = storeId,
            RequestId = requestId,
            Parameters = Parameters(data["meta"] as JsonObject ?? [], problems),
        };

        foreach (var problem in SubmitJobRules.Check(command))
        {
            var (field, pointer) = Locate(problem.Field);
            AddOnce(problems, $"{field} {problem.Reason}", pointer);
        }

        return problems.Count == 0 ? (command, problems) : (null, problems);
    }

    /// <summary>True when a replayed request asks for the job that is recorded, not a different one under the same id.</summary>
    public static bool Matches(JobView job, SubmitJob command) =>
        job.Type == command.JobType
        && job.Parameters.Count == (command.Parameters?.Count ?? 0)
        && job.Parameters.All(p => command.Parameters!.TryGetValue(p.Key, out var value) && value == p.Value);

    /// <summary>
    /// The parameters of <c>data.meta</c>: declared ones at its top level, under their own names, and further
    /// options in <c>data.meta.parameters</c>.
    /// </summary>
    static Dictionary<string, string> Parameters(JsonObject meta, List<(string, string?)> problems)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, _) in meta)
        {
            if (name == ParametersMember)
                continue;
            if (!Declared.Contains(name))
            {
                problems.Add(($"data.meta.{name} is not a job parameter; the job types take {string.Join(", ", Declared)}, and further options go in data.meta.{ParametersMember}",
                    $"/data/meta/{name}"));
                continue;
            }

            if (String(meta, name, $"/data/meta/{name}", problems) is { } value)
                parameters[name] = value;
        }

        switch (meta[ParametersMember])
        {
            case null:
                break;
            case JsonObject options when options.All(p => p.Value?.GetValueKind() == JsonValueKind.String):
                foreach (var (name, value) in options)
                {
                    if (Declared.Contains(name))
                        problems.Add(($"data.meta.{ParametersMember}.{name} is a parameter of its own: send it as data.meta.{name}", $"/data/meta/{ParametersMember}/{name}"));
                    else
                        parameters[name] = value!.GetValue<string>();
                }

                break;
            default:
                problems.Add(($"data.meta.{ParametersMember} must be an object of strings", $"/data/meta/{ParametersMember}"));
                break;
        }

        return parameters;
    }

    /// <summary>Where in the body a field of <see cref="SubmitJob"/> came from: its name there and its JSON pointer.</summary>
    static (string Field, string? Pointer) Locate(string field)
    {
        if (field.StartsWith($"{SubmitJobRules.ParametersField}.", StringComparison.Ordinal))
        {
            var name = field[(SubmitJobRules.ParametersField.Length + 1)..];
            return Declared.Contains(name) ? ($"data.meta.{name}", $"/data/meta/{name}") : ($"data.meta.{ParametersMember}.{name}", $"/data/meta/{ParametersMember}/{name}");
        }

        return field switch
        {
            SubmitJobRules.JobIdField => ("data.id", "/data/id"),
            SubmitJobRules.JobTypeField => ("data.attributes.type", "/data/attributes/type"),
            SubmitJobRules.ParametersField => ("data.meta", "/data/meta"),
            _ => (field, null),
        };
    }

    /// <summary>One error per place: a value of the wrong kind is not also reported as missing.</summary>
    static void AddOnce(List<(string Detail, string? Pointer)> problems, string detail, string? pointer)
    {
        if (pointer is null || !problems.Any(p => p.Pointer == pointer))
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
}
