using System.Text.Json.Nodes;
using Jobs.Api.Queries;
using Jobs.Contracts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Jobs.Api.Http;

/// <summary>
/// What the endpoint signatures cannot say: the query parameters are read as text (so that a bad value gets
/// a JSON:API error rather than a framework one) but are numbers, UUIDs and fixed words; every operation
/// takes an <c>X-Request-Id</c> and may answer 500 with the same error document as its 4xx answers.
/// </summary>
sealed class JobsOpenApiTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
            Describe(parameter);
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = RequestIdMiddleware.Header,
            In = ParameterLocation.Header,
            Description = "Your id for the request; echoed on the response, generated when absent. On POST /pcm/jobs it becomes the job's x_request_id.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = JobLimits.MaxRequestIdLength },
        });

        if (operation.Responses?.TryGetValue("400", out var badRequest) == true && badRequest.Content is { } errorContent)
            operation.Responses["500"] = new OpenApiResponse { Description = "Internal Server Error (the body carries the request id)", Content = errorContent };
        return Task.CompletedTask;
    }

    static void Describe(OpenApiParameter parameter)
    {
        switch (parameter.Name)
        {
            case Paging.LimitParameter:
                parameter.Description = "Jobs per page.";
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = $"{Paging.MaxLimit}", Default = Paging.DefaultLimit };
                break;
            case Paging.OffsetParameter:
                parameter.Description = "How many to skip.";
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Maximum = $"{Paging.MaxOffset}", Default = 0 };
                break;
            case JobListQuery.FilterParameter:
                parameter.Description = "eq/in on status and type, gt/ge/lt/le on created_at and updated_at, joined by ':'.";
                parameter.Example = JsonValue.Create("in(type,product-import,product-export):gt(created_at,2024-01-05T00:00:00Z)");
                break;
            case JobListQuery.SortParameter:
                parameter.Description = "created_at: oldest first (the order jobs run in); -created_at: newest first (the default).";
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("created_at"), JsonValue.Create("-created_at")] };
                break;
            case JobIds.PathParameter:
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
                break;
        }
    }
}
