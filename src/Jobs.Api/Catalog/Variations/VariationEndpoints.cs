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

namespace Jobs.Api.Catalog.Variations;

/// <summary>
/// <c>/pcm/variations</c>: the store's variations and their options, which a child-products build combines. A
/// variation holds at most <see cref="CatalogLimits.MaxVariationOptions"/> options.
/// </summary>
static class VariationEndpoints
{
    public const string Path = "/pcm/variations";
    const string Resource = "variation";

    public static void Map(RouteGroupBuilder pcm)
    {
        var variations = pcm.MapGroup("/variations").WithTags("Variations");
        variations.MapPost("", CreateAsync).WithName("CreateVariation").WithSummary("Create a variation")
            .Produces<CatalogDocument<VariationResource>>(StatusCodes.Status201Created)
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity);
        variations.MapGet("", ListAsync).WithName("ListVariations").WithSummary("List variations")
            .Produces<CatalogListDocument<VariationResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest);
        variations.MapGet("{variationID}", GetAsync).WithName("GetVariation").WithSummary("Get a variation with its options")
            .Produces<CatalogDocument<VariationResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
        variations.MapPost("{variationID}/options", CreateOptionAsync).WithName("CreateVariationOption").WithSummary("Create a variation option")
            .Produces<CatalogDocument<OptionResource>>(StatusCodes.Status201Created)
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity);
        variations.MapGet("{variationID}/options", ListOptionsAsync).WithName("ListVariationOptions").WithSummary("List a variation's options")
            .Produces<CatalogListDocument<OptionResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
    }

    static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal caller, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (reader, error) = await ResourceReader.ReadAsync(request, VariationResource.ResourceType, ct);
        if (error is not null)
            return error;
        var name = reader!.Text("name", CatalogLimits.MaxNameLength, required: true);
        var sortOrder = reader.Integer("sort_order");
        if (reader.Error is { } invalid)
            return invalid;
        var now = CatalogTime.Now(clock);
        var variation = new Variation { Id = Guid.NewGuid(), StoreId = caller.Store(), Name = name!, SortOrder = sortOrder, CreatedAt = now, UpdatedAt = now };
        db.Variations.Add(variation);
        await db.SaveChangesAsync(ct);
        return Results.Json(new CatalogDocument<VariationResource>(VariationResource.Of(variation)), statusCode: StatusCodes.Status201Created);
    }

    static async Task<IResult> ListAsync(
        [FromQuery(Name = Paging.LimitParameter)] string? limit,
        [FromQuery(Name = Paging.OffsetParameter)] string? offset,
        ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryPage(limit, offset, out var paging, out var pageError))
            return pageError!;
        var store = caller.Store();
        var query = db.Variations.AsNoTracking().Where(x => x.StoreId == store);
        var total = await query.LongCountAsync(ct);
        var page = await query.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Skip(paging.Offset).Take(paging.Limit)
            .Include(x => x.Options).AsSplitQuery().ToListAsync(ct);
        return CatalogRequests.Page(Path, paging, total, [.. page.Select(VariationResource.Of)]);
    }

    static async Task<IResult> GetAsync(string variationID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var variation = await FindAsync(variationID, caller, db, ct);
        return variation is null ? NotFound() : Results.Json(new CatalogDocument<VariationResource>(VariationResource.Of(variation)));
    }

    static async Task<IResult> CreateOptionAsync(string variationID, HttpRequest request, ClaimsPrincipal caller, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var variation = await FindAsync(variationID, caller, db, ct);
        if (variation is null)
            return NotFound();
        var (reader, error) = await ResourceReader.ReadAsync(request, OptionResource.ResourceType, ct);
        if (error is not null)
            return error;
        var name = reader!.Text("name", CatalogLimits.MaxNameLength, required: true);
        var description = reader.Text("description", CatalogLimits.MaxDescriptionLength);
        var sortOrder = reader.Integer("sort_order");
        if (reader.Error is { } invalid)
            return invalid;
        if (variation.Options.Count >= CatalogLimits.MaxVariationOptions)
            return ApiErrors.FailedValidation($"A variation has at most {CatalogLimits.MaxVariationOptions} options.");
        if (variation.Options.Any(x => x.Name == name))
            return ApiErrors.Conflict("An option of that name already exists in this variation.", "/data/attributes/name");
        var now = CatalogTime.Now(clock);
        var option = new VariationOption
        {
            Id = Guid.NewGuid(), StoreId = variation.StoreId, VariationId = variation.Id, Name = name!, Description = description,
            SortOrder = sortOrder, CreatedAt = now, UpdatedAt = now,
        };
        db.VariationOptions.Add(option);
        variation.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return Results.Json(new CatalogDocument<OptionResource>(OptionResource.Of(option)), statusCode: StatusCodes.Status201Created);
    }

    static async Task<IResult> ListOptionsAsync(
        string variationID,
        [FromQuery(Name = Paging.LimitParameter)] string? limit,
        [FromQuery(Name = Paging.OffsetParameter)] string? offset,
        ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryPage(limit, offset, out var paging, out var pageError))
            return pageError!;
        var variation = await FindAsync(variationID, caller, db, ct);
        if (variation is null)
            return NotFound();
        var options = variation.Options.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).ToList();
        return CatalogRequests.Page($"{Path}/{variation.Id}/options", paging, options.Count,
            [.. options.Skip(paging.Offset).Take(paging.Limit).Select(OptionResource.Of)]);
    }

    /// <summary>The store's variation of that id with its options, tracked; null for a malformed id, another store's or none.</summary>
    static async Task<Variation?> FindAsync(string variationID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryParseId(variationID, Resource, out var id, out _))
            return null;
        var store = caller.Store();
        return await db.Variations.Include(x => x.Options).SingleOrDefaultAsync(x => x.Id == id && x.StoreId == store, ct);
    }

    static IResult NotFound() => ApiErrors.NotFound($"{Resource} not found");
}
