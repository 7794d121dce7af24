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

namespace Jobs.Api.Catalog.Hierarchies;

/// <summary><c>/pcm/hierarchies</c>: the store's hierarchies, which a hierarchy-duplicate job copies.</summary>
static class HierarchyEndpoints
{
    public const string Path = "/pcm/hierarchies";
    const string Resource = "hierarchy";

    public static void Map(RouteGroupBuilder pcm)
    {
        var hierarchies = pcm.MapGroup("/hierarchies").WithTags("Hierarchies");
        hierarchies.MapPost("", CreateAsync).WithName("CreateHierarchy").WithSummary("Create a hierarchy")
            .Produces<CatalogDocument<HierarchyResource>>(StatusCodes.Status201Created)
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity);
        hierarchies.MapGet("", ListAsync).WithName("ListHierarchies").WithSummary("List hierarchies")
            .Produces<CatalogListDocument<HierarchyResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest);
        hierarchies.MapGet("{hierarchyID}", GetAsync).WithName("GetHierarchy").WithSummary("Get a hierarchy")
            .Produces<CatalogDocument<HierarchyResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
    }

    static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal caller, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (reader, error) = await ResourceReader.ReadAsync(request, HierarchyResource.ResourceType, ct);
        if (error is not null)
            return error;
        var name = reader!.Text("name", CatalogLimits.MaxNameLength, required: true);
        var description = reader.Text("description", CatalogLimits.MaxDescriptionLength);
        var slug = reader.Text("slug", CatalogLimits.MaxCodeLength);
        if (reader.Error is { } invalid)
            return invalid;
        var now = CatalogTime.Now(clock);
        var hierarchy = new Hierarchy
        {
            Id = Guid.NewGuid(), StoreId = caller.Store(), Name = name!, Description = description, Slug = slug, CreatedAt = now, UpdatedAt = now,
        };
        db.Hierarchies.Add(hierarchy);
        await db.SaveChangesAsync(ct);
        return Results.Json(new CatalogDocument<HierarchyResource>(HierarchyResource.Of(hierarchy)), statusCode: StatusCodes.Status201Created);
    }

    static async Task<IResult> ListAsync(
        [FromQuery(Name = Paging.LimitParameter)] string? limit,
        [FromQuery(Name = Paging.OffsetParameter)] string? offset,
        ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryPage(limit, offset, out var paging, out var pageError))
            return pageError!;
        var store = caller.Store();
        var query = db.Hierarchies.AsNoTracking().Where(x => x.StoreId == store);
        var total = await query.LongCountAsync(ct);
        var page = await query.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        return CatalogRequests.Page(Path, paging, total, [.. page.Select(HierarchyResource.Of)]);
    }

    static async Task<IResult> GetAsync(string hierarchyID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var hierarchy = await FindAsync(hierarchyID, caller, db, ct);
        return hierarchy is null ? NotFound() : Results.Json(new CatalogDocument<HierarchyResource>(HierarchyResource.Of(hierarchy)));
    }

    /// <summary>The store's hierarchy of that id; null for a malformed id, another store's or none.</summary>
    internal static async Task<Hierarchy?> FindAsync(string hierarchyID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryParseId(hierarchyID, Resource, out var id, out _))
            return null;
        var store = caller.Store();
        return await db.Hierarchies.SingleOrDefaultAsync(x => x.Id == id && x.StoreId == store, ct);
    }

    internal static IResult NotFound() => ApiErrors.NotFound($"{Resource} not found");
}
