using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Api.Queries;
using Jobs.Catalog;
using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.Catalog.Pricebooks;

/// <summary>
/// <c>/pcm/pricebooks</c>: the store's price books, which the price import fills. A name and an external_ref are each
/// unique in the store: another price book with the same is a 409.
/// </summary>
static class PricebookEndpoints
{
    public const string Path = "/pcm/pricebooks";
    const string Resource = "price book";

    public static void Map(RouteGroupBuilder pcm)
    {
        var pricebooks = pcm.MapGroup("/pricebooks").WithTags("Price Books");
        pricebooks.MapPost("", CreateAsync).WithName("CreatePricebook").WithSummary("Create a price book")
            .Produces<CatalogDocument<PricebookResource>>(StatusCodes.Status201Created)
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status409Conflict)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity);
        pricebooks.MapGet("", ListAsync).WithName("ListPricebooks").WithSummary("List price books")
            .Produces<CatalogListDocument<PricebookResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest);
        pricebooks.MapGet("{pricebookID}", GetAsync).WithName("GetPricebook").WithSummary("Get a price book")
            .Produces<CatalogDocument<PricebookResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
    }

    static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal caller, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (reader, error) = await ResourceReader.ReadAsync(request, PricebookResource.ResourceType, ct);
        if (error is not null)
            return error;
        var name = reader!.Text("name", CatalogLimits.MaxNameLength, required: true);
        var description = reader.Text("description", CatalogLimits.MaxDescriptionLength);
        var externalRef = reader.Text("external_ref", CatalogLimits.MaxExternalRefLength) is { Length: > 0 } given ? given : null;
        if (reader.Error is { } invalid)
            return invalid;
        var store = caller.Store();
        if (await db.Pricebooks.AnyAsync(x => x.StoreId == store && x.Name == name, ct))
            return ApiErrors.Conflict("The price book already exists", "/data/attributes/name");
        if (externalRef is not null && await db.Pricebooks.AnyAsync(x => x.StoreId == store && x.ExternalRef == externalRef, ct))
            return ApiErrors.Conflict("A price book with this external_ref already exists", "/data/attributes/external_ref");
        var now = CatalogTime.Now(clock);
        var pricebook = new Pricebook
        {
            Id = Guid.NewGuid(), StoreId = store, Name = name!, Description = description, ExternalRef = externalRef, CreatedAt = now, UpdatedAt = now,
        };
        db.Pricebooks.Add(pricebook);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent create with the same external_ref won the unique index.
            return ApiErrors.Conflict("A price book with this external_ref already exists", "/data/attributes/external_ref");
        }
        return Results.Json(new CatalogDocument<PricebookResource>(PricebookResource.Of(pricebook)), statusCode: StatusCodes.Status201Created);
    }

    static async Task<IResult> ListAsync(
        [FromQuery(Name = Paging.LimitParameter)] string? limit,
        [FromQuery(Name = Paging.OffsetParameter)] string? offset,
        ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryPage(limit, offset, out var paging, out var pageError))
            return pageError!;
        var store = caller.Store();
        var query = db.Pricebooks.AsNoTracking().Where(x => x.StoreId == store);
        var total = await query.LongCountAsync(ct);
        var page = await query.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        return CatalogRequests.Page(Path, paging, total, [.. page.Select(PricebookResource.Of)]);
    }

    static async Task<IResult> GetAsync(string pricebookID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var pricebook = await FindAsync(pricebookID, caller, db, ct);
        return pricebook is null ? NotFound() : Results.Json(new CatalogDocument<PricebookResource>(PricebookResource.Of(pricebook)));
    }

    /// <summary>The store's price book of that id; null for a malformed id, another store's or none.</summary>
    internal static async Task<Pricebook?> FindAsync(string pricebookID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryParseId(pricebookID, Resource, out var id, out _))
            return null;
        var store = caller.Store();
        return await db.Pricebooks.SingleOrDefaultAsync(x => x.Id == id && x.StoreId == store, ct);
    }

    internal static IResult NotFound() => ApiErrors.NotFound($"{Resource} not found");
}
