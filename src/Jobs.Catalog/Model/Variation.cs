namespace Jobs.Catalog.Model;

/// <summary>A variation (size, colour, …) of one store: a set of options a product's children are built from.</summary>
public sealed class Variation
{
    public Guid Id { get; set; }

    public required string StoreId { get; set; }

    public required string Name { get; set; }

    public int? SortOrder { get; set; }

    public List<VariationOption> Options { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One option of a variation (small, medium, large).</summary>
public sealed class VariationOption
{
    public Guid Id { get; set; }

    public required string StoreId { get; set; }

    public Guid VariationId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public int? SortOrder { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A variation attached to a product (Elastic Path's product-variation relationship).</summary>
public sealed class ProductVariation
{
    public required string StoreId { get; set; }

    public Guid ProductId { get; set; }

    public Guid VariationId { get; set; }
}
