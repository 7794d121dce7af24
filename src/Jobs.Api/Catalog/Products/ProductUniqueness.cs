using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.Catalog.Products;

/// <summary>
/// A product's sku, slug and external_ref are unique in its store: a clash is a 409 Conflict whose detail is Elastic
/// Path's <c>Must be unique amongst products.</c> and whose pointer names the attribute. The database's unique
/// indexes back the check against a race between two requests.
/// </summary>
static class ProductUniqueness
{
    const string Detail = "Must be unique amongst products.";

    public static async Task<IResult?> ConflictAsync(CatalogDbContext db, Product product, CancellationToken ct)
    {
        var others = db.Products.AsNoTracking().Where(x => x.StoreId == product.StoreId && x.Id != product.Id);
        var clashes = new List<ApiError>();
        if (product.Sku is { } sku && await others.AnyAsync(x => x.Sku == sku, ct))
            clashes.Add(Clash("sku"));
        if (product.Slug is { } slug && await others.AnyAsync(x => x.Slug == slug, ct))
            clashes.Add(Clash("slug"));
        if (product.ExternalRef is { } externalRef && await others.AnyAsync(x => x.ExternalRef == externalRef, ct))
            clashes.Add(Clash("external_ref"));
        return clashes.Count == 0 ? null : Results.Json(new ErrorDocument(clashes), statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>Saves; a unique index that caught what the check could not see (a concurrent write) is a 409 too.</summary>
    public static async Task<IResult?> SaveAsync(CatalogDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            return ApiErrors.Conflict($"sku, slug or external_ref: {Detail}");
        }
    }

    static ApiError Clash(string attribute) =>
        ApiErrors.Error(StatusCodes.Status409Conflict, Detail, new ErrorSource { Pointer = $"/data/attributes/{attribute}" });
}
