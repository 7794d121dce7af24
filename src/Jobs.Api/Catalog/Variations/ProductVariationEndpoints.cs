using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Catalog.Products;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Catalog;
using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.Catalog.Variations;

/// <summary>
/// <c>/pcm/products/{id}/relationships/variations</c>: the variations a product's children are built from. A POST adds
/// to those already attached (Elastic Path's create; its PUT replaces), up to
/// <see cref="CatalogLimits.MaxProductVariations"/>.
/// </summary>
static class ProductVariationEndpoints
{
    public static void Map(RouteGroupBuilder pcm)
    {
        var relationships = pcm.MapGroup("/products/{productID}/relationships/variations").WithTags("Variations");
        relationships.MapPost("", AttachAsync).WithName("CreateProductVariationRelationships").WithSummary("Attach variations to a product")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity);
        relationships.MapGet("", ListAsync).WithName("GetProductVariationRelationships").WithSummary("List a product's variations")
            .Produces<RelationshipDocument>()
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
    }

    static async Task<IResult> AttachAsync(string productID, HttpRequest request, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var product = await ProductEndpoints.FindAsync(productID, caller, db, ct);
        if (product is null)
            return ProductEndpoints.NotFound();
        var (ids, error) = await ResourceReader.ReadIdentifiersAsync(request, VariationResource.ResourceType, CatalogLimits.MaxProductVariations, ct);
        if (error is not null)
            return error;
        var wanted = ids!;
        var store = product.StoreId;
        var found = await db.Variations.Where(x => x.StoreId == store && wanted.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct);
        if (wanted.FirstOrDefault(id => !found.Contains(id)) is var missing && missing != Guid.Empty)
            return ApiErrors.FailedValidation($"variation {missing} not found", "/data");
        var attached = await db.ProductVariations.Where(x => x.ProductId == product.Id).Select(x => x.VariationId).ToListAsync(ct);
        var added = wanted.Except(attached).ToList();
        if (attached.Count + added.Count > CatalogLimits.MaxProductVariations)
            return ApiErrors.FailedValidation($"A product has at most {CatalogLimits.MaxProductVariations} variations.", "/data");
        db.ProductVariations.AddRange(added.Select(id => new ProductVariation { StoreId = store, ProductId = product.Id, VariationId = id }));
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    static async Task<IResult> ListAsync(string productID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var product = await ProductEndpoints.FindAsync(productID, caller, db, ct);
        if (product is null)
            return ProductEndpoints.NotFound();
        var ids = await db.ProductVariations.AsNoTracking().Where(x => x.ProductId == product.Id).Select(x => x.VariationId).ToListAsync(ct);
        return Results.Json(new RelationshipDocument([.. ids.Order().Select(id => new ResourceIdentifier(VariationResource.ResourceType, id))]));
    }
}
