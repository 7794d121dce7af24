namespace Jobs.Catalog.Model;

/// <summary>A hierarchy of one store: the root of a tree of nodes products are placed in.</summary>
public sealed class Hierarchy
{
    public Guid Id { get; set; }

    public required string StoreId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? Slug { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A node of a hierarchy; top-level nodes have no parent.</summary>
public sealed class Node
{
    public Guid Id { get; set; }

    public required string StoreId { get; set; }

    public Guid HierarchyId { get; set; }

    public Guid? ParentId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? Slug { get; set; }

    public int? SortOrder { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A product placed in a node.</summary>
public sealed class NodeProduct
{
    public required string StoreId { get; set; }

    public Guid NodeId { get; set; }

    public Guid ProductId { get; set; }
}
