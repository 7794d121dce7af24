using System.Text.Json;
using Jobs.Catalog.Model;

namespace Jobs.Api.Catalog.Pricebooks;

/// <summary>A <c>pricebook</c>: its timestamps are attributes, as in Elastic Path's price book schema.</summary>
public sealed record PricebookResource(Guid Id, PricebookAttributes Attributes, OwnerMeta Meta, SelfLinks Links)
{
    public const string ResourceType = "pricebook";

    public string Type => ResourceType;

    public static PricebookResource Of(Pricebook pricebook) => new(
        pricebook.Id,
        new PricebookAttributes(pricebook.Name, pricebook.Description, pricebook.ExternalRef, CatalogTime.Utc(pricebook.CreatedAt), CatalogTime.Utc(pricebook.UpdatedAt)),
        new OwnerMeta(),
        new SelfLinks($"{PricebookEndpoints.Path}/{pricebook.Id}"));
}

public sealed record PricebookAttributes(string Name, string? Description, string? ExternalRef, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>Elastic Path's <c>meta.owner</c> of a price book or price: always the store.</summary>
public sealed record OwnerMeta
{
    public string Owner => "store";
}

/// <summary>A <c>product-price</c>: <c>currencies</c> and <c>sales</c> as stored, already in Elastic Path's shape.</summary>
public sealed record PriceResource(Guid Id, PriceAttributes Attributes, CatalogMeta Meta, SelfLinks Links)
{
    public const string ResourceType = "product-price";

    public string Type => ResourceType;

    public static PriceResource Of(ProductPrice price) => new(
        price.Id,
        new PriceAttributes(price.Sku, price.ExternalRef, Json(price.Currencies), price.Sales is null ? null : Json(price.Sales)),
        CatalogMeta.Of(price.CreatedAt, price.UpdatedAt),
        new SelfLinks($"{PricebookEndpoints.Path}/{price.PricebookId}/prices/{price.Id}"));

    static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

public sealed record PriceAttributes(string Sku, string? ExternalRef, JsonElement Currencies, JsonElement? Sales);
