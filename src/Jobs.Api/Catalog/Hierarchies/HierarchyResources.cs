using Jobs.Catalog.Model;

namespace Jobs.Api.Catalog.Hierarchies;

/// <summary>A <c>hierarchy</c>.</summary>
public sealed record HierarchyResource(Guid Id, HierarchyAttributes Attributes, CatalogMeta Meta, SelfLinks Links)
{
    public const string ResourceType = "hierarchy";

    public string Type => ResourceType;

    public static HierarchyResource Of(Hierarchy hierarchy) => new(
        hierarchy.Id,
        new HierarchyAttributes(hierarchy.Name, hierarchy.Description, hierarchy.Slug),
        CatalogMeta.Of(hierarchy.CreatedAt, hierarchy.UpdatedAt),
        new SelfLinks($"{HierarchyEndpoints.Path}/{hierarchy.Id}"));
}

/// <summary>The attributes of a hierarchy and of a node.</summary>
public sealed record HierarchyAttributes(string Name, string? Description, string? Slug);

/// <summary>A <c>node</c>; <c>relationships.parent.data</c> is null for a top-level node.</summary>
public sealed record NodeResource(Guid Id, HierarchyAttributes Attributes, NodeMeta Meta, NodeRelationships Relationships, SelfLinks Links)
{
    public const string ResourceType = "node";

    public string Type => ResourceType;

    public static NodeResource Of(Node node) => new(
        node.Id,
        new HierarchyAttributes(node.Name, node.Description, node.Slug),
        new NodeMeta(node.HierarchyId, node.SortOrder, CatalogTime.Utc(node.CreatedAt), CatalogTime.Utc(node.UpdatedAt)),
        new NodeRelationships(new ToOneRelationship(node.ParentId is { } parent ? new ResourceIdentifier(ResourceType, parent) : null)),
        new SelfLinks($"{HierarchyEndpoints.Path}/{node.HierarchyId}/nodes/{node.Id}"));
}

/// <summary>A node's hierarchy, sort order and timestamps.</summary>
public sealed record NodeMeta(Guid HierarchyId, int? SortOrder, DateTime CreatedAt, DateTime UpdatedAt)
{
    public string Owner => "store";
}

public sealed record NodeRelationships(ToOneRelationship Parent);
