using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Microsoft.AspNetCore.Http.Metadata;

namespace Jobs.Api.Catalog;

/// <summary>
/// Elastic Path's catalog endpoints Jobs serves: enough of products, variations, hierarchies and price books to set up
/// what the five job types work on and see what they did, and the endpoints that create those jobs. Every one needs a
/// bearer token and acts on its store only.
/// </summary>
static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var pcm = app.MapGroup("/pcm")
            .RequireAuthorization(JobsAuthExtensions.StorePolicy)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ErrorDocument), ["application/json"]));
        Products.ProductEndpoints.Map(pcm);
        Variations.VariationEndpoints.Map(pcm);
        Variations.ProductVariationEndpoints.Map(pcm);
        Hierarchies.HierarchyEndpoints.Map(pcm);
        Hierarchies.NodeEndpoints.Map(pcm);
        Pricebooks.PricebookEndpoints.Map(pcm);
        Pricebooks.PriceEndpoints.Map(pcm);
        ProductJobsEndpoints.Map(pcm);
        HierarchyDuplicateEndpoint.Map(pcm);
        BuildChildProductsEndpoint.Map(pcm);
        PriceImportEndpoint.Map(pcm);
        return app;
    }
}
