using Jobs.Catalog.Model;

namespace Jobs.Api.Catalog.Variations;

/// <summary>A <c>product-variation</c>, with its options in <c>meta.options</c> as Elastic Path shows them.</summary>
public sealed record VariationResource(Guid Id, VariationAttributes Attributes, VariationMeta Meta)
{
    public const string ResourceType = "product-variation";

    public string Type => ResourceType;

    public static VariationResource Of(Variation variation) => new(
        variation.Id,
        new VariationAttributes(variation.Name, variation.SortOrder),
        new VariationMeta([.. variation.Options.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Select(OptionSummary.Of)],
            CatalogTime.Utc(variation.CreatedAt), CatalogTime.Utc(variation.UpdatedAt)));
}

public sealed record VariationAttributes(string Name, int? SortOrder);

/// <summary>A variation's options and timestamps.</summary>
public sealed record VariationMeta(IReadOnlyList<OptionSummary> Options, DateTime CreatedAt, DateTime UpdatedAt)
{
    public string Owner => "store";
}

/// <summary>An option as listed in its variation's meta.</summary>
public sealed record OptionSummary(Guid Id, string Name, string? Description, int? SortOrder, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static OptionSummary Of(VariationOption option) =>
        new(option.Id, option.Name, option.Description, option.SortOrder, CatalogTime.Utc(option.CreatedAt), CatalogTime.Utc(option.UpdatedAt));
}

/// <summary>A <c>product-variation-option</c>.</summary>
public sealed record OptionResource(Guid Id, OptionAttributes Attributes, CatalogMeta Meta)
{
    public const string ResourceType = "product-variation-option";

    public string Type => ResourceType;

    public static OptionResource Of(VariationOption option) => new(
        option.Id, new OptionAttributes(option.Name, option.Description, option.SortOrder), CatalogMeta.Of(option.CreatedAt, option.UpdatedAt));
}

public sealed record OptionAttributes(string Name, string? Description, int? SortOrder);
