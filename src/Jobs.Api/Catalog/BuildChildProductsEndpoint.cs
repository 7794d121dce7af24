using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Catalog.Persistence;
using Jobs.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.Catalog;

/// <summary>
/// <c>POST /pcm/products/{productID}/build</c>: submits a <c>child-products</c> job building the children of one of the
/// caller's base products. The body may be left out or be any JSON object (the JS SDK sends none). A product the store
/// does not have is a 404; a child product, or a product with no variations, is a 422: there is nothing to build, and
/// no job is created for it.
/// </summary>
static class BuildChildProductsEndpoint
{
    public static void Map(RouteGroupBuilder pcm) =>
        pcm.MapPost("products/{productID}/build", HandleAsync)
            .WithName("BuildChildProducts")
            .WithSummary("Build child products")
            .WithDescription("Answers 201 with the pending child-products job, which replaces the product's children with one per combination of its variations' options.")
            .ProducesPendingJob(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status422UnprocessableEntity);

    static async Task<IResult> HandleAsync(
        string productID,
        HttpContext context,
        ClaimsPrincipal caller,
        CatalogDbContext catalog,
        JobSubmitter submitter,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(productID, out var productId))
            return ApiErrors.NotFound($"product {productID} not found");
        var (_, bodyError) = await JsonBody.ReadObjectAsync(context.Request, required: false, cancellationToken);
        if (bodyError is not null)
            return bodyError;

        var store = caller.Store();
        var product = await catalog.Products.AsNoTracking().Where(p => p.StoreId == store && p.Id == productId)
            .Select(p => new { p.ParentId, HasVariations = catalog.ProductVariations.Any(v => v.StoreId == store && v.ProductId == p.Id) })
            .SingleOrDefaultAsync(cancellationToken);
        if (product is null)
            return ApiErrors.NotFound($"product {productId} not found");
        if (product.ParentId is { } parent)
            return ApiErrors.FailedValidation($"product {productId} is a child product: build the children of its base product {parent}");
        if (!product.HasVariations)
            return ApiErrors.FailedValidation($"product {productId} has no variations: attach variations before building child products");

        return await submitter.CreateAsync(new SubmitJob
        {
            JobId = Guid.NewGuid(),
            JobType = JobTypes.ChildProducts,
            StoreId = store,
            RequestId = context.TraceIdentifier,
            Parameters = new Dictionary<string, string>(StringComparer.Ordinal) { [JobParameters.ProductId] = productId.ToString() },
        }, cancellationToken);
    }
}
