using Jobs.Catalog.Model;

namespace Jobs.Api.Catalog.Products;

/// <summary>A <c>product</c>; a child product built from a base product names it in <c>relationships.base_product</c>.</summary>
public sealed record ProductResource(Guid Id, ProductAttributes Attributes, CatalogMeta Meta, ProductRelationships Relationships, SelfLinks Links)
{
    public const string ResourceType = "product";

    public string Type => ResourceType;

    public static ProductResource Of(Product product) => new(
        product.Id,
        new ProductAttributes(product.Name, product.Description, product.Slug, product.Sku, product.Status, product.CommodityType,
            product.UpcEan, product.Mpn, product.ExternalRef, product.Tags, product.MainImageId),
        CatalogMeta.Of(product.CreatedAt, product.UpdatedAt),
        new ProductRelationships(new ToOneRelationship(product.ParentId is { } parent ? new ResourceIdentifier(ResourceType, parent) : null)),
        new SelfLinks($"{ProductEndpoints.Path}/{product.Id}"));
}

/// <summary>A product's attributes, named as Elastic Path names them.</summary>
public sealed record ProductAttributes(
    string Name,
    string? Description,
    string? Slug,
    string? Sku,
    string Status,
    string CommodityType,
    string? UpcEan,
    string? Mpn,
    string? ExternalRef,
    IReadOnlyList<string> Tags,
    string? MainImageId);

/// <summary>The product a child was built from; <c>data</c> is null for a base product.</summary>
public sealed record ProductRelationships(ToOneRelationship BaseProduct);
