using System.Text.Json;
using System.Text.Json.Nodes;
using Jobs.Api.Http;
using Jobs.Catalog;

namespace Jobs.Api.Catalog;

/// <summary>
/// Reads a JSON:API request body <c>{"data":{"type":…,"attributes":{…}}}</c> and checks its attributes one by one,
/// gathering every problem with its JSON pointer so the caller answers them all in one 422 "Failed Validation".
/// </summary>
sealed class ResourceReader
{
    readonly List<(string Detail, string? Pointer)> _problems = [];
    readonly JsonObject _data;
    readonly JsonObject _attributes;

    ResourceReader(JsonObject data, JsonObject attributes) => (_data, _attributes) = (data, attributes);

    /// <summary>Whatever is wrong so far as a 422, or null.</summary>
    public IResult? Error => _problems.Count == 0 ? null : ApiErrors.FailedValidation(_problems);

    /// <summary>
    /// The body's <c>data</c> of <paramref name="type"/>: malformed JSON is a 400, a missing <c>data</c>, a wrong
    /// <c>type</c> or attributes that are not an object a 422.
    /// </summary>
    public static async Task<(ResourceReader? Reader, IResult? Error)> ReadAsync(HttpRequest request, string type, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, required: true, cancellationToken);
        if (error is not null)
            return (null, error);
        if (body!["data"] is not JsonObject data)
            return (null, ApiErrors.FailedValidation("data is required and must be an object.", "/data"));
        if (data["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var given) || given != type)
            return (null, ApiErrors.FailedValidation($"type must be {type}.", "/data/type"));
        return data["attributes"] switch
        {
            null => (new ResourceReader(data, []), null),
            JsonObject attributes => (new ResourceReader(data, attributes), null),
            _ => (null, ApiErrors.FailedValidation("attributes must be an object.", "/data/attributes")),
        };
    }

    /// <summary>
    /// A relationship body <c>{"data":[{"type":…,"id":…}]}</c> of at most <paramref name="max"/> distinct ids of
    /// <paramref name="type"/>, in the order given.
    /// </summary>
    public static async Task<(IReadOnlyList<Guid>? Ids, IResult? Error)> ReadIdentifiersAsync(HttpRequest request, string type, int max, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, required: true, cancellationToken);
        if (error is not null)
            return (null, error);
        if (body!["data"] is not JsonArray data)
            return (null, ApiErrors.FailedValidation("data is required and must be an array of resource identifiers.", "/data"));
        if (data.Count > max)
            return (null, ApiErrors.FailedValidation($"data holds more than {max} identifiers.", "/data"));
        var ids = new List<Guid>();
        var problems = new List<(string, string?)>();
        for (var i = 0; i < data.Count; i++)
        {
            if (Identifier(data[i], type) is { } id)
            {
                if (!ids.Contains(id))
                    ids.Add(id);
            }
            else
                problems.Add(($"Each identifier must be {{\"type\":\"{type}\",\"id\":<uuid>}}.", $"/data/{i}"));
        }
        return problems.Count == 0 ? (ids, null) : (null, ApiErrors.FailedValidation(problems));
    }

    /// <summary>Whether the request names attribute <paramref name="name"/> at all (for a partial update).</summary>
    public bool Has(string name) => _attributes.ContainsKey(name);

    /// <summary>A text attribute of at most <paramref name="maxLength"/> characters; null when absent or null.</summary>
    public string? Text(string name, int maxLength, bool required = false)
    {
        var node = _attributes[name];
        if (node is null)
        {
            if (required)
                Problem(name, $"{name} is required.");
            return null;
        }
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            Problem(name, $"{name} must be a string.");
            return null;
        }
        if (required && string.IsNullOrWhiteSpace(text))
            Problem(name, $"{name} must not be empty.");
        else if (text.Length > maxLength)
            Problem(name, $"{name} must be at most {maxLength} characters.");
        return text;
    }

    /// <summary>A text attribute that is one of <paramref name="allowed"/>; null when absent.</summary>
    public string? OneOf(string name, IReadOnlyList<string> allowed)
    {
        var text = Text(name, CatalogLimits.MaxCodeLength);
        if (text is not null && !allowed.Contains(text))
            Problem(name, $"{name} must be one of: {string.Join(", ", allowed)}.");
        return text;
    }

    /// <summary>A list of strings, at most <paramref name="maxCount"/> of at most <paramref name="maxLength"/> characters.</summary>
    public List<string>? Strings(string name, int maxCount, int maxLength)
    {
        var node = _attributes[name];
        if (node is null)
            return null;
        if (node is not JsonArray array || array.Any(x => x is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            Problem(name, $"{name} must be an array of strings.");
            return null;
        }
        var items = array.Select(x => x!.GetValue<string>()).ToList();
        if (items.Count > maxCount)
            Problem(name, $"{name} must hold at most {maxCount} items.");
        else if (items.Any(x => x.Length > maxLength))
            Problem(name, $"Each of {name} must be at most {maxLength} characters.");
        return items;
    }

    /// <summary>A whole-number attribute; null when absent or null.</summary>
    public int? Integer(string name)
    {
        var node = _attributes[name];
        if (node is null)
            return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number))
            return number;
        Problem(name, $"{name} must be a whole number.");
        return null;
    }

    /// <summary>An attribute as raw JSON, for shapes checked elsewhere; null when absent.</summary>
    public JsonElement? Element(string name) =>
        _attributes.TryGetPropertyValue(name, out var node) ? JsonSerializer.SerializeToElement(node) : null;

    /// <summary>The id of a to-one relationship <c>data.relationships.{name}.data</c> of <paramref name="type"/>; null when absent.</summary>
    public Guid? RelationshipId(string name, string type)
    {
        var related = _data["relationships"]?[name]?["data"];
        if (related is null)
            return null;
        if (Identifier(related, type) is { } id)
            return id;
        _problems.Add(($"relationships.{name}.data must be {{\"type\":\"{type}\",\"id\":<uuid>}}.", $"/data/relationships/{name}/data"));
        return null;
    }

    /// <summary>Records a problem of attribute <paramref name="name"/>.</summary>
    public void Problem(string name, string detail) => _problems.Add((detail, $"/data/attributes/{name}"));

    static Guid? Identifier(JsonNode? node, string type) =>
        node is JsonObject identifier
        && identifier["type"] is JsonValue t && t.TryGetValue<string>(out var given) && given == type
        && identifier["id"] is JsonValue i && i.TryGetValue<string>(out var text) && Guid.TryParse(text, out var id)
            ? id
            : null;
}
