namespace Jobs.Catalog.Model;

/// <summary>A product of one store, with Elastic Path's attributes; a child product names its parent.</summary>
public sealed class Product
{
    public Guid Id { get; set; }

    public required string StoreId { get; set; }

    public string? ExternalRef { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Unique in the store.</summary>
    public string? Slug { get; set; }

    /// <summary>Unique in the store.</summary>
    public string? Sku { get; set; }

    /// <summary><c>draft</c> or <c>live</c> (<see cref="ProductStatuses"/>).</summary>
    public string Status { get; set; } = ProductStatuses.Draft;

    /// <summary><c>physical</c> or <c>digital</c> (<see cref="CommodityTypes"/>).</summary>
    public string CommodityType { get; set; } = CommodityTypes.Physical;

    public string? UpcEan { get; set; }

    public string? Mpn { get; set; }

    public List<string> Tags { get; set; } = [];

    public string? MainImageId { get; set; }

    /// <summary>The base product a child was built from (<c>child-products</c>), null for a base product.</summary>
    public Guid? ParentId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A product's <c>status</c>.</summary>
public static class ProductStatuses
{
    public const string Draft = "draft";

    public const string Live = "live";

    public static readonly IReadOnlyList<string> All = [Draft, Live];
}

/// <summary>A product's <c>commodity_type</c>.</summary>
public static class CommodityTypes
{
    public const string Physical = "physical";

    public const string Digital = "digital";

    public static readonly IReadOnlyList<string> All = [Physical, Digital];
}
