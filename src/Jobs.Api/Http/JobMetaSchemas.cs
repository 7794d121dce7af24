using System.Text.Json.Nodes;
using Jobs.Api.Documents;
using Jobs.Contracts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Jobs.Api.Http;

/// <summary>
/// The OpenAPI schemas that come from the job types' definitions (<see cref="JobTypes.Definitions"/>) rather than
/// from the documents' types: a job's meta and a submission's meta, which carry their members by name, where
/// reflection cannot see them, and the job type and status, which are strings from a fixed list.
/// </summary>
sealed class JobMetaSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(JobMeta))
            DescribeJobMeta(schema);
        else if (context.JsonTypeInfo.Type == typeof(SubmitJobRequestMeta))
            DescribeSubmissionMeta(schema);
        else if (context.JsonPropertyInfo is { Name: "type" } type && (type.DeclaringType == typeof(JobAttributes) || type.DeclaringType == typeof(SubmitJobRequestAttributes)))
            schema.Enum = [.. JobTypes.All.Select(t => (JsonNode)JsonValue.Create(t))];
        else if (context.JsonPropertyInfo is { Name: "status" } status && status.DeclaringType == typeof(JobAttributes))
            schema.Enum = [.. JobStatuses.All.Select(t => (JsonNode)JsonValue.Create(t))];
        return Task.CompletedTask;
    }

    static void DescribeJobMeta(OpenApiSchema schema)
    {
        schema.AdditionalProperties = null;
        schema.AdditionalPropertiesAllowed = false;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (parameter, types) in Declared(p => p.ShownInMeta))
            schema.Properties[parameter.Name] = Describe(parameter, $"{types}: {parameter.Description}; present when given.");
        schema.Properties[JobMeta.HierarchyIdMember] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Format = "uuid",
            Description = $"{TypesWhere(d => d.ReportsHierarchyId)}: the hierarchy the job created; present once it has one.",
        };
        schema.Properties[JobMeta.FileLocationsMember] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array | JsonSchemaType.Null,
            Items = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = $"{TypesWhere(d => d.ReportsFileLocations)}: where the job's files are; null until the job succeeds.",
        };
        schema.Properties[JobMeta.ProgressMember] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Every type; not in Elastic Path's API: how far the job has got, as its handler last said; present once it has said.",
            Required = new HashSet<string> { "percent" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["percent"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Maximum = "100" },
                ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = JobLimits.MaxProgressMessageLength },
            },
        };
    }

    static void DescribeSubmissionMeta(OpenApiSchema schema)
    {
        schema.AdditionalProperties = null;
        schema.AdditionalPropertiesAllowed = false;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (parameter, types) in Declared(_ => true))
        {
            var required = JobTypes.Definitions.Where(d => d.FindParameter(parameter.Name)?.Required == true).Select(d => d.Name).ToList();
            var rule = required.Count > 0 ? $"required for {string.Join(", ", required)}" : "optional";
            schema.Properties[parameter.Name] = Describe(parameter, $"{types}: {parameter.Description} ({rule}).");
        }
    }

    /// <summary>Each parameter some job type declares, once, with the types that take it.</summary>
    static IEnumerable<(JobParameter Parameter, string Types)> Declared(Func<JobParameter, bool> which) =>
        JobTypes.Definitions
            .SelectMany(d => d.Parameters.Where(which).Select(p => (Parameter: p, Type: d.Name)))
            .GroupBy(x => x.Parameter.Name)
            .Select(g => (g.First().Parameter, string.Join(", ", g.Select(x => x.Type))));

    static string TypesWhere(Func<JobTypeDefinition, bool> which) => string.Join(", ", JobTypes.Definitions.Where(which).Select(d => d.Name));

    static OpenApiSchema Describe(JobParameter parameter, string description) => parameter.Kind == JobParameterKind.Uuid
        ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", Description = description }
        : new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = parameter.MaxLength, Description = description };
}
