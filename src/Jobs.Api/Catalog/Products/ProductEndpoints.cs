using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Api.Queries;
using Jobs.Catalog.Filters;
using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.Catalog.Products;

/// <summary>
/// <c>/pcm/products</c>: create, read, list (with Elastic Path's product filter), update and delete the store's
/// products. A product of another store is a 404, as if it did not exist.
/// </summary>
static class ProductEndpoints
{
    public const string Path = "/pcm/products";
    const string Resource = "product";

    public static void Map(RouteGroupBuilder pcm)
    {
        var products = pcm.MapGroup("/products").WithTags("Products");
        products.MapPost("", CreateAsync).WithName("CreateProduct").WithSummary("Create a product")
            .Produces<CatalogDocument<ProductResource>>(StatusCodes.Status201Created)
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status409Conflict)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity);
        products.MapGet("", ListAsync).WithName("ListProducts").WithSummary("List products")
            .WithDescription("Paged with page[limit] (1-100) and page[offset]; filtered with Elastic Path's eq/like/in on product attributes, joined by ':'; oldest first.")
            .Produces<CatalogListDocument<ProductResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest);
        products.MapGet("{productID}", GetAsync).WithName("GetProduct").WithSummary("Get a product")
            .Produces<CatalogDocument<ProductResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
        products.MapPut("{productID}", UpdateAsync).WithName("UpdateProduct").WithSummary("Update a product")
            .WithDescription("Changes only the attributes the request names.")
            .Produces<CatalogDocument<ProductResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound)
            .Produces<ErrorDocument>(StatusCodes.Status409Conflict)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity);
        products.MapDelete("{productID}", DeleteAsync).WithName("DeleteProduct").WithSummary("Delete a product")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
    }

    static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal caller, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (reader, error) = await ResourceReader.ReadAsync(request, ProductResource.ResourceType, ct);
        if (error is not null)
            return error;
        var now = CatalogTime.Now(clock);
        var product = new Product { Id = Guid.NewGuid(), StoreId = caller.Store(), Name = "", CreatedAt = now, UpdatedAt = now };
        ProductInput.Apply(reader!, product, creating: true);
        if ((reader!.Error ?? await ProductUniqueness.ConflictAsync(db, product, ct)) is { } invalid)
            return invalid;
        db.Products.Add(product);
        return await ProductUniqueness.SaveAsync(db, ct)
            ?? Results.Json(new CatalogDocument<ProductResource>(ProductResource.Of(product)), statusCode: StatusCodes.Status201Created);
    }

    static async Task<IResult> ListAsync(
        [FromQuery(Name = Paging.LimitParameter)] string? limit,
        [FromQuery(Name = Paging.OffsetParameter)] string? offset,
        [FromQuery(Name = JobListQuery.FilterParameter)] string? filter,
        ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryPage(limit, offset, out var paging, out var pageError))
            return pageError!;
        if (!ProductFilter.TryParse(filter, out var productFilter, out var reason))
            return ApiErrors.BadRequest($"Could not parse the supplied filter: {reason}", JobListQuery.FilterParameter);
        var store = caller.Store();
        var query = productFilter.Apply(db.Products.AsNoTracking().Where(x => x.StoreId == store));
        var total = await query.LongCountAsync(ct);
        var page = await query.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        return CatalogRequests.Page(Path, paging, total, [.. page.Select(ProductResource.Of)], (JobListQuery.FilterParameter, filter));
    }

    static async Task<IResult> GetAsync(string productID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var product = await FindAsync(productID, caller, db, ct);
        return product is null ? NotFound() : Results.Json(new CatalogDocument<ProductResource>(ProductResource.Of(product)));
    }

    static async Task<IResult> UpdateAsync(string productID, HttpRequest request, ClaimsPrincipal caller, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var product = await FindAsync(productID, caller, db, ct);
        if (product is null)
            return NotFound();
        var (reader, error) = await ResourceReader.ReadAsync(request, ProductResource.ResourceType, ct);
        if (error is not null)
            return error;
        ProductInput.Apply(reader!, product, creating: false);
        if ((reader!.Error ?? await ProductUniqueness.ConflictAsync(db, product, ct)) is { } invalid)
            return invalid;
        product.UpdatedAt = CatalogTime.Now(clock);
        return await ProductUniqueness.SaveAsync(db, ct) ?? Results.Json(new CatalogDocument<ProductResource>(ProductResource.Of(product)));
    }

    static async Task<IResult> DeleteAsync(string productID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var product = await FindAsync(productID, caller, db, ct);
        if (product is null)
            return NotFound();
        db.Products.Remove(product);
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    /// <summary>The store's product of that id, tracked; null for a malformed id, another store's or none.</summary>
    internal static async Task<Product?> FindAsync(string productID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryParseId(productID, Resource, out var id, out _))
            return null;
        var store = caller.Store();
        return await db.Products.SingleOrDefaultAsync(x => x.Id == id && x.StoreId == store, ct);
    }

    internal static IResult NotFound() => ApiErrors.NotFound($"{Resource} not found");
}
