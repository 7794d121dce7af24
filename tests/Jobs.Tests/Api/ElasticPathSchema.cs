using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Pointer;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Jobs.Tests.Api;

/// <summary>
/// One of Elastic Path's published API documents (excerpts in <c>ElasticPath/</c>: <see cref="Jobs"/>, the jobs API;
/// <see cref="Authentication"/>, the token endpoint) as JSON Schema 2020-12: tells whether a body is what the document
/// declares for an answer, and if not, where and which rule it breaks.
/// </summary>
/// <remarks>
/// The document is OpenAPI 3.0, whose schemas are a dialect of JSON Schema: <c>nullable: true</c> becomes a
/// <c>"null"</c> in <c>type</c>, <c>$ref</c> to <c>#/components/schemas/X</c> becomes <c>#/$defs/X</c> (and,
/// as in 3.0, hides its siblings), and <c>example</c> is dropped. A keyword the translation does not know fails
/// the check, so that a refreshed document can never weaken it by saying something the translation ignores.
/// </remarks>
public sealed partial class ElasticPathSchema
{
    const string SchemaRefPrefix = "#/components/schemas/";
    const string ResponseRefPrefix = "#/components/responses/";
    const string DefsPrefix = "#/$defs/";

    /// <summary>Keywords that mean the same in an OpenAPI 3.0 schema and in JSON Schema 2020-12.</summary>
    static readonly HashSet<string> SameInBoth = new(StringComparer.Ordinal)
    {
        "type", "enum", "format", "required", "description", "title", "default",
        "minimum", "maximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
    };

    /// <summary>Keywords that say nothing about what is valid: OpenAPI 3.0's <c>example</c>, JSON Schema's <c>examples</c>.</summary>
    static readonly HashSet<string> OpenApiOnly = new(StringComparer.Ordinal) { "example", "examples" };

    readonly string _resourceName;
    readonly Lazy<JsonObject> _document;
    readonly Lazy<JsonObject> _definitions;
    readonly ConcurrentDictionary<string, JsonSchema> _built = new(StringComparer.Ordinal);

    ElasticPathSchema(string resourceName)
    {
        _resourceName = resourceName;
        _document = new(Load);
        _definitions = new(() => new JsonObject(Document["components"]!["schemas"]!.AsObject()
            .Select(s => KeyValuePair.Create(s.Key, (JsonNode?)Translate(s.Value!, SchemaRefPrefix + s.Key)))));
    }

    /// <summary>The Product Experience Manager document, cut to the jobs endpoints (<c>ElasticPath/pim-jobs.yaml</c>).</summary>
    public static ElasticPathSchema Jobs { get; } = new("pim-jobs.yaml");

    /// <summary>The Authentication document, cut to <c>POST /oauth/access_token</c> (<c>ElasticPath/authentication.yaml</c>).</summary>
    public static ElasticPathSchema Authentication { get; } = new("authentication.yaml");

    JsonObject Document => _document.Value;

    static readonly EvaluationOptions Evaluation = new()
    {
        // The list output of this version names only the first item of an array that breaks a rule.
        OutputFormat = OutputFormat.Hierarchical,
        // A generated client parses a date-time; the document's format is a rule, not a remark.
        RequireFormatValidation = true,
    };

    /// <summary>
    /// What is wrong with <paramref name="body"/>, answered with <paramref name="status"/> and
    /// <paramref name="mediaType"/> to <paramref name="method"/> <paramref name="pathTemplate"/>, by the schema
    /// the document declares for that answer; empty if nothing is.
    /// </summary>
    public IReadOnlyList<string> Violations(string pathTemplate, string method, int status, string? mediaType, string body)
    {
        var answer = $"{method.ToUpperInvariant()} {pathTemplate} {status}";
        var operation = Document["paths"]?[pathTemplate]?[method.ToLowerInvariant()]
            ?? throw new ArgumentException($"The document has no {method.ToUpperInvariant()} {pathTemplate}.", nameof(pathTemplate));
        var at = $"#/paths/{Escape(pathTemplate)}/{method.ToLowerInvariant()}/responses/{status}";
        var response = operation["responses"]?[status.ToString(CultureInfo.InvariantCulture)];
        if (response is null)
            return [$"{answer}: the document declares no {status} answer for this operation"];
        if (response["$ref"] is { } reference)
        {
            var name = Name(reference.GetValue<string>(), ResponseRefPrefix);
            (response, at) = (Document["components"]!["responses"]![name]!, $"#/components/responses/{name}");
        }

        var schema = response["content"]?[mediaType ?? ""]?["schema"];
        if (schema is null)
            return [$"{answer}: the document declares no '{mediaType ?? "untyped"}' body for this answer"];
        return Evaluate(answer, schema, $"{at}/content/{Escape(mediaType!)}/schema", body);
    }

    /// <summary>What is wrong with <paramref name="body"/> by the document's schema <c>components.schemas.<paramref name="name"/></c>.</summary>
    public IReadOnlyList<string> Violations(string name, string body)
    {
        var schema = Document["components"]!["schemas"]![name] ?? throw new ArgumentException($"The document has no schema '{name}'.", nameof(name));
        return Evaluate($"schema {name}", schema, SchemaRefPrefix + name, body);
    }

    /// <summary>The schema the document declares for each answer of <paramref name="method"/> <paramref name="pathTemplate"/>, by status.</summary>
    public IReadOnlyDictionary<string, string> DeclaredSchemas(string pathTemplate, string method) =>
        Document["paths"]![pathTemplate]![method]!["responses"]!.AsObject().ToDictionary(r => r.Key, r =>
        {
            var response = r.Value!["$ref"] is { } reference
                ? Document["components"]!["responses"]![Name(reference.GetValue<string>(), ResponseRefPrefix)]!
                : r.Value;
            return response["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        }, StringComparer.Ordinal);

    IReadOnlyList<string> Evaluate(string answer, JsonNode schema, string at, string body)
    {
        JsonDocument instance;
        try
        {
            instance = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return [$"{answer}: the body is not JSON ({ex.Message})"];
        }

        using var disposing = instance;
        var results = _built.GetOrAdd(at, _ => Build(schema, at)).Evaluate(instance.RootElement, Evaluation);
        if (results.IsValid)
            return [];
        return
        [
            .. Flatten(results)
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error =>
                    $"{answer}: {Location(detail.InstanceLocation)} breaks {Rule(schema, at, detail.InstanceLocation, error.Key)}: {error.Value}"))
                .Distinct(StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// The schema of one answer, with every component schema beside it as <c>$defs</c>, under a base URI and in a
    /// registry of its own: tests building schemas at once never meet in the validator's global registry.
    /// </summary>
    JsonSchema Build(JsonNode schema, string at)
    {
        var root = Translate(schema, at).AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _definitions.Value.DeepClone();
        var baseUri = new Uri($"https://schemas.jobs.test/elastic-path/{Guid.NewGuid():N}");
        return JsonSchema.Build(JsonSerializer.SerializeToElement(root), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, baseUri);
    }

    static IEnumerable<EvaluationResults> Flatten(EvaluationResults results) =>
        (results.Details ?? []).SelectMany(Flatten).Prepend(results);

    static string Location(JsonPointer instance) => instance.SegmentCount == 0 ? "the document" : instance.ToString();

    /// <summary>
    /// Where the rule broken stands in the document (<c>#/components/schemas/job/…/filter/type</c>): found by
    /// following the instance location down the document's own schemas, because the validator's schema locations
    /// are off below <c>items</c>. The schemas use no applicator but <c>$ref</c>, <c>properties</c> and
    /// <c>items</c> (<see cref="Translate"/> refuses others), so that path is the only one.
    /// </summary>
    string Rule(JsonNode schema, string at, JsonPointer instance, string keyword)
    {
        (schema, at) = Follow(schema, at);
        for (var i = 0; i < instance.SegmentCount; i++)
        {
            var segment = instance[i].ToString();
            (schema, at) = schema["properties"]?[segment] is { } property
                ? Follow(property, $"{at}/properties/{Escape(segment)}")
                : Follow(schema["items"] ?? throw new InvalidOperationException($"{at} has no subschema for {instance}."), $"{at}/items");
        }

        return $"{at}/{keyword}";
    }

    (JsonNode Schema, string At) Follow(JsonNode schema, string at)
    {
        if (schema["$ref"] is not { } reference)
            return (schema, at);
        var name = Name(reference.GetValue<string>(), SchemaRefPrefix);
        return (Document["components"]!["schemas"]![name]!, SchemaRefPrefix + name);
    }

    /// <summary>An OpenAPI 3.0 schema, found at <paramref name="at"/> in the document, as JSON Schema 2020-12.</summary>
    static JsonNode Translate(JsonNode node, string at)
    {
        var schema = node.AsObject();
        // OpenAPI 3.0 ignores whatever stands beside a $ref.
        if (schema["$ref"] is { } reference)
            return new JsonObject { ["$ref"] = DefsPrefix + Name(reference.GetValue<string>(), SchemaRefPrefix) };

        var translated = new JsonObject();
        foreach (var (keyword, value) in schema)
        {
            var where = $"{at}/{keyword}";
            switch (keyword)
            {
                case "properties":
                    translated[keyword] = new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Translate(p.Value!, $"{where}/{p.Key}"))));
                    break;
                case "items":
                    translated[keyword] = Translate(value!, where);
                    break;
                case "nullable":
                    break;
                case var same when SameInBoth.Contains(same):
                    translated[keyword] = value!.DeepClone();
                    break;
                case var ignored when OpenApiOnly.Contains(ignored):
                    break;
                default:
                    throw new NotSupportedException($"{where}: the translation to JSON Schema does not know '{keyword}'.");
            }
        }

        if (schema["nullable"]?.GetValue<bool>() == true)
        {
            var type = translated["type"] ?? throw new NotSupportedException($"{at}: nullable without a type.");
            translated["type"] = new JsonArray(type.GetValue<string>(), "null");
        }

        return translated;
    }

    static string Name(string reference, string prefix) =>
        reference.StartsWith(prefix, StringComparison.Ordinal)
            ? reference[prefix.Length..]
            : throw new NotSupportedException($"'{reference}' is not a reference to {prefix}….");

    /// <summary>A JSON pointer token (RFC 6901).</summary>
    static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    JsonObject Load()
    {
        using var stream = typeof(ElasticPathSchema).Assembly.GetManifestResourceStream(_resourceName)
            ?? throw new InvalidOperationException($"{_resourceName} is not embedded in the test assembly.");
        using var reader = new StreamReader(stream);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return ToJson(yaml.Documents.Single().RootNode)!.AsObject();
    }

    /// <summary>YAML as JSON; an unquoted <c>true</c>, <c>2</c> or <c>null</c> is not a string, as in YAML 1.2's core schema.</summary>
    static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}."),
    };

    static JsonNode? Plain(string text) => text switch
    {
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        "" or "~" or "null" or "Null" or "NULL" => null,
        _ when Integer().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
        _ when Float().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(text),
    };

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
