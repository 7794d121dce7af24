using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Jobs.Api.Auth;

/// <summary>
/// Declares the bearer scheme in the OpenAPI document, under Elastic Path's name for it, and requires it on every
/// operation that needs a token, so that a generated client sends one and the reference page asks for one.
/// </summary>
sealed class BearerOpenApi : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>Elastic Path's name for the scheme in its documents.</summary>
    public const string SchemeName = "bearerAuth";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = $"A token from POST {TokenEndpoint.Path} (grant_type={ClientCredentials.GrantType}), for one store.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        return Task.CompletedTask;
    }
}
