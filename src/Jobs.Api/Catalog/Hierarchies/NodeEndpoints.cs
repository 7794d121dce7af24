using System.Security.Claims;
using Jobs.Api.Catalog.Products;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Api.Queries;
using Jobs.Catalog;
using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.Catalog.Hierarchies;

/// <summary>
/// <c>/pcm/hierarchies/{id}/nodes</c>: a hierarchy's nodes, nested by naming a parent node of the same hierarchy in
/// <c>relationships.parent</c> when the node is created, and the products placed in each node.
/// </summary>
static class NodeEndpoints
{
    const string Resource = "node";

    public static void Map(RouteGroupBuilder pcm)
    {
        var nodes = pcm.MapGroup("/hierarchies/{hierarchyID}/nodes").WithTags("Hierarchies");
        nodes.MapPost("", CreateAsync).WithName("CreateNode").WithSummary("Create a node")
            .WithDescription("A node with relationships.parent.data = {type: node, id} is a child of that node of the same hierarchy; without one it is a top-level node.")
            .Produces<CatalogDocument<NodeResource>>(StatusCodes.Status201Created)
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound)
            .Produces<ErrorDocument>(StatusCodes.Status409Conflict)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity);
        nodes.MapGet("", ListAsync).WithName("ListNodes").WithSummary("List all nodes of a hierarchy")
            .Produces<CatalogListDocument<NodeResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
        nodes.MapGet("{nodeID}", GetAsync).WithName("GetNode").WithSummary("Get a node")
            .Produces<CatalogDocument<NodeResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
        nodes.MapPost("{nodeID}/relationships/products", AddProductsAsync).WithName("CreateNodeProductRelationships")
            .WithSummary("Place products in a node")
            .Produces<CatalogDocument<NodeResource>>(StatusCodes.Status201Created)
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity);
        nodes.MapGet("{nodeID}/products", ListProductsAsync).WithName("ListNodeProducts").WithSummary("List a node's products")
            .Produces<CatalogListDocument<ProductResource>>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);
    }

    static async Task<IResult> CreateAsync(string hierarchyID, HttpRequest request, ClaimsPrincipal caller, CatalogDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var hierarchy = await HierarchyEndpoints.FindAsync(hierarchyID, caller, db, ct);
        if (hierarchy is null)
            return HierarchyEndpoints.NotFound();
        var (reader, error) = await ResourceReader.ReadAsync(request, NodeResource.ResourceType, ct);
        if (error is not null)
            return error;
        var name = reader!.Text("name", CatalogLimits.MaxNameLength, required: true);
        var description = reader.Text("description", CatalogLimits.MaxDescriptionLength);
        var slug = reader.Text("slug", CatalogLimits.MaxCodeLength);
        var parentId = reader.RelationshipId("parent", NodeResource.ResourceType);
        if (reader.Error is { } invalid)
            return invalid;
        if (parentId is { } parent && !await db.Nodes.AnyAsync(x => x.Id == parent && x.HierarchyId == hierarchy.Id, ct))
            return ApiErrors.FailedValidation($"parent node {parent} not found in this hierarchy", "/data/relationships/parent/data");
        if (slug is not null && await db.Nodes.AnyAsync(x => x.HierarchyId == hierarchy.Id && x.ParentId == parentId && x.Slug == slug, ct))
            return ApiErrors.Conflict("Siblings in a hierarchy must have unique slugs.", "/data/attributes/slug");
        var now = CatalogTime.Now(clock);
        var node = new Node
        {
            Id = Guid.NewGuid(), StoreId = hierarchy.StoreId, HierarchyId = hierarchy.Id, ParentId = parentId, Name = name!,
            Description = description, Slug = slug, CreatedAt = now, UpdatedAt = now,
        };
        db.Nodes.Add(node);
        await db.SaveChangesAsync(ct);
        return Results.Json(new CatalogDocument<NodeResource>(NodeResource.Of(node)), statusCode: StatusCodes.Status201Created);
    }

    static async Task<IResult> ListAsync(
        string hierarchyID,
        [FromQuery(Name = Paging.LimitParameter)] string? limit,
        [FromQuery(Name = Paging.OffsetParameter)] string? offset,
        ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryPage(limit, offset, out var paging, out var pageError))
            return pageError!;
        var hierarchy = await HierarchyEndpoints.FindAsync(hierarchyID, caller, db, ct);
        if (hierarchy is null)
            return HierarchyEndpoints.NotFound();
        var query = db.Nodes.AsNoTracking().Where(x => x.HierarchyId == hierarchy.Id);
        var total = await query.LongCountAsync(ct);
        var page = await query.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        return CatalogRequests.Page($"{HierarchyEndpoints.Path}/{hierarchy.Id}/nodes", paging, total, [.. page.Select(NodeResource.Of)]);
    }

    static async Task<IResult> GetAsync(string hierarchyID, string nodeID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var node = await FindAsync(hierarchyID, nodeID, caller, db, ct);
        return node is null ? NotFound() : Results.Json(new CatalogDocument<NodeResource>(NodeResource.Of(node)));
    }

    static async Task<IResult> AddProductsAsync(string hierarchyID, string nodeID, HttpRequest request, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var node = await FindAsync(hierarchyID, nodeID, caller, db, ct);
        if (node is null)
            return NotFound();
        var (ids, error) = await ResourceReader.ReadIdentifiersAsync(request, ProductResource.ResourceType, CatalogLimits.MaxPageLimit, ct);
        if (error is not null)
            return error;
        var wanted = ids!;
        var store = node.StoreId;
        var found = await db.Products.Where(x => x.StoreId == store && wanted.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct);
        if (wanted.FirstOrDefault(id => !found.Contains(id)) is var missing && missing != Guid.Empty)
            return ApiErrors.FailedValidation($"product {missing} not found", "/data");
        var placed = await db.NodeProducts.Where(x => x.NodeId == node.Id && wanted.Contains(x.ProductId)).Select(x => x.ProductId).ToListAsync(ct);
        db.NodeProducts.AddRange(wanted.Except(placed).Select(id => new NodeProduct { StoreId = store, NodeId = node.Id, ProductId = id }));
        await db.SaveChangesAsync(ct);
        return Results.Json(new CatalogDocument<NodeResource>(NodeResource.Of(node)), statusCode: StatusCodes.Status201Created);
    }

    static async Task<IResult> ListProductsAsync(
        string hierarchyID,
        string nodeID,
        [FromQuery(Name = Paging.LimitParameter)] string? limit,
        [FromQuery(Name = Paging.OffsetParameter)] string? offset,
        ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        if (!CatalogRequests.TryPage(limit, offset, out var paging, out var pageError))
            return pageError!;
        var node = await FindAsync(hierarchyID, nodeID, caller, db, ct);
        if (node is null)
            return NotFound();
        var query = db.Products.AsNoTracking().Where(p => db.NodeProducts.Any(x => x.NodeId == node.Id && x.ProductId == p.Id));
        var total = await query.LongCountAsync(ct);
        var page = await query.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        return CatalogRequests.Page($"{HierarchyEndpoints.Path}/{node.HierarchyId}/nodes/{node.Id}/products", paging, total,
            [.. page.Select(ProductResource.Of)]);
    }

    /// <summary>The node of that id in the store's hierarchy of that id; null when either is malformed, another store's or none.</summary>
    static async Task<Node?> FindAsync(string hierarchyID, string nodeID, ClaimsPrincipal caller, CatalogDbContext db, CancellationToken ct)
    {
        var hierarchy = await HierarchyEndpoints.FindAsync(hierarchyID, caller, db, ct);
        if (hierarchy is null || !CatalogRequests.TryParseId(nodeID, Resource, out var id, out _))
            return null;
        return await db.Nodes.SingleOrDefaultAsync(x => x.Id == id && x.HierarchyId == hierarchy.Id, ct);
    }

    static IResult NotFound() => ApiErrors.NotFound($"{Resource} not found");
}
