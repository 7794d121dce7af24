namespace Jobs.Catalog.Model;

/// <summary>A price book of one store.</summary>
public sealed class Pricebook
{
    public Guid Id { get; set; }

    public required string StoreId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? ExternalRef { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// The price of one sku in one price book. <see cref="Currencies"/> and <see cref="Sales"/> are kept as the JSON
/// objects Elastic Path defines (<c>{"USD":{"amount":100,"includes_tax":true,"tiers":{…}}}</c>), checked before they are
/// written.
/// </summary>
public sealed class ProductPrice
{
    public Guid Id { get; set; }

    public required string StoreId { get; set; }

    public Guid PricebookId { get; set; }

    public required string Sku { get; set; }

    public string? ExternalRef { get; set; }

    public required string Currencies { get; set; }

    public string? Sales { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
