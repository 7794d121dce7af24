using System.Security.Claims;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Api.Queries;
using Jobs.Catalog;
using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Jobs.Catalog.Prices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.Catalog.Pricebooks;

/// <summary>
/// <c>/pcm/pricebooks/{id}/prices</c>: a price book's prices, one per sku. <c>currencies</c> and <c>sales</c> are
/// checked by <see cref="PriceShapes"/>, as the price import checks them; a second price for a sku is a 409, as in
/// Elastic Path, where adding never overwrites.
/// </summary>
static class PriceEndpoints
{
    const string Resource = "price";

    public static void Map(RouteGroupBuilder pcm)
    {
        var prices = pcm.MapGroup("/pricebooks/{pricebookID}/prices").WithTags("Price Books");
        prices.MapPost("", CreateAsync).WithName("CreateProductPrice").WithSummary("Add a product price to a price book")
            .Produces<CatalogDocument<PriceResource>>(StatusCodes.Status201Created)
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound)
            .Produces<ErrorDocument>(StatusCodes.Status409Conflict)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity);
        prices.MapGet("", ListAsync).WithName("ListProductPrices").WithSummary("List a price book's prices")
            .Produces<CatalogListDocument<PriceResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
        prices.MapGet("{priceID}", GetAsync).WithName("GetProductPrice").WithSummary("Get a product price")
            .Produces<CatalogDocument<PriceResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
    }

    static async Task<IResult> CreateAsync(string pricebookID, HttpRequest request, ClaimsPrincipal caller, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var pricebook = await PricebookEndpoints.FindAsync(pricebookID, caller, db, ct);
        if (pricebook is null)
            return PricebookEndpoints.NotFound();
        var (reader, error) = await ResourceReader.ReadAsync(request, PriceResource.ResourceType, ct);
        if (error is not null)
            return error;
        var sku = reader!.Text("sku", CatalogLimits.MaxCodeLength, required: true);
        var externalRef = reader.Text("external_ref", CatalogLimits.MaxExternalRefLength) is { Length: > 0 } given ? given : null;
        var problems = PriceShapes.Validate(reader.Element("currencies"), reader.Element("sales"), out var values);
        foreach (var problem in problems)
            reader.Problem(problem.Path, problem.Detail);
        if (reader.Error is { } invalid)
            return invalid;
        if (await db.ProductPrices.AnyAsync(x => x.PricebookId == pricebook.Id && x.Sku == sku, ct))
            return ApiErrors.Conflict("The price already exists", "/data/attributes/sku");
        if (externalRef is not null && await db.ProductPrices.AnyAsync(x => x.StoreId == pricebook.StoreId && x.ExternalRef == externalRef, ct))
            return ApiErrors.Conflict("A price with this external_ref already exists", "/data/attributes/external_ref");
        var now = CatalogTime.Now(clock);
        var price = new ProductPrice
        {
            Id = Guid.NewGuid(), StoreId = pricebook.StoreId, PricebookId = pricebook.Id, Sku = sku!, ExternalRef = externalRef,
            Currencies = values!.CurrenciesJson(), Sales = values.SalesJson(), CreatedAt = now, UpdatedAt = now,
        };
        db.ProductPrices.Add(price);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent create of the same sku or external_ref won the unique index.
            return ApiErrors.Conflict("The price already exists");
        }
        return Results.Json(new CatalogDocument<PriceResource>(PriceResource.Of(price)), statusCode: StatusCodes.Status201Created);
    }

    static async Task<IResult> ListAsync(
        string pricebookID,
        [FromQuery(Name = Paging.LimitParameter)] string? limit,
        [FromQuery(Name = Paging.OffsetParameter)] string? offset,
        ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryPage(limit, offset, out var paging, out var pageError))
            return pageError!;
        var pricebook = await PricebookEndpoints.FindAsync(pricebookID, caller, db, ct);
        if (pricebook is null)
            return PricebookEndpoints.NotFound();
        var query = db.ProductPrices.AsNoTracking().Where(x => x.PricebookId == pricebook.Id);
        var total = await query.LongCountAsync(ct);
        var page = await query.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        return CatalogRequests.Page($"{PricebookEndpoints.Path}/{pricebook.Id}/prices", paging, total, [.. page.Select(PriceResource.Of)]);
    }

    static async Task<IResult> GetAsync(string pricebookID, string priceID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var pricebook = await PricebookEndpoints.FindAsync(pricebookID, caller, db, ct);
        if (pricebook is null || !CatalogRequests.TryParseId(priceID, Resource, out var id, out _))
            return ApiErrors.NotFound($"{Resource} not found");
        var price = await db.ProductPrices.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.PricebookId == pricebook.Id, ct);
        return price is null ? ApiErrors.NotFound($"{Resource} not found") : Results.Json(new CatalogDocument<PriceResource>(PriceResource.Of(price)));
    }
}
