using Jobs.Catalog;
using Jobs.Catalog.Model;

namespace Jobs.Api.Catalog.Products;

/// <summary>
/// A product's attributes from a create or update request, checked against <see cref="CatalogLimits"/>: a create
/// needs a name (status defaults to draft, commodity_type to physical), an update changes only the attributes it names (naming one as null clears it, where it may be empty).
/// </summary>
static class ProductInput
{
    public static void Apply(ResourceReader reader, Product product, bool creating)
    {
        if (creating || reader.Has("name"))
            product.Name = reader.Text("name", CatalogLimits.MaxNameLength, required: true) ?? product.Name;
        Set(reader, "description", CatalogLimits.MaxDescriptionLength, v => product.Description = v);
        Set(reader, "slug", CatalogLimits.MaxCodeLength, v => product.Slug = v);
        Set(reader, "sku", CatalogLimits.MaxCodeLength, v => product.Sku = v);
        Set(reader, "upc_ean", CatalogLimits.MaxCodeLength, v => product.UpcEan = v);
        Set(reader, "mpn", CatalogLimits.MaxCodeLength, v => product.Mpn = v);
        Set(reader, "external_ref", CatalogLimits.MaxExternalRefLength, v => product.ExternalRef = v);
        Set(reader, "main_image_id", CatalogLimits.MaxCodeLength, v => product.MainImageId = v);
        if (reader.Has("status"))
            product.Status = reader.OneOf("status", ProductStatuses.All) ?? product.Status;
        if (reader.Has("commodity_type"))
            product.CommodityType = reader.OneOf("commodity_type", CommodityTypes.All) ?? product.CommodityType;
        if (reader.Has("tags"))
            product.Tags = reader.Strings("tags", CatalogLimits.MaxTags, CatalogLimits.MaxTagLength) ?? [];
    }

    /// <summary>An optional code or text: empty is stored as none, so it never collides with another empty one.</summary>
    static void Set(ResourceReader reader, string name, int maxLength, Action<string?> set)
    {
        if (reader.Has(name))
            set(reader.Text(name, maxLength) is { Length: > 0 } text ? text : null);
    }
}
