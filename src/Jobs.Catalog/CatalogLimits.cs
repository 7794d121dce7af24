namespace Jobs.Catalog;

/// <summary>
/// The catalog's bounds, in one place: the API checks a request against them, the import handlers check every row and
/// object, and the database's columns are sized from them.
/// </summary>
public static class CatalogLimits
{
    /// <summary>The longest <c>external_ref</c> of a product, price book or price (Elastic Path's bound).</summary>
    public const int MaxExternalRefLength = 2048;

    /// <summary>The most tags a product has (Elastic Path's bound).</summary>
    public const int MaxTags = 20;

    /// <summary>The longest tag (Elastic Path's bound).</summary>
    public const int MaxTagLength = 255;

    /// <summary>The longest name of anything in the catalog.</summary>
    public const int MaxNameLength = 1024;

    /// <summary>The longest description of anything in the catalog.</summary>
    public const int MaxDescriptionLength = 65536;

    /// <summary>The longest slug, sku, UPC/EAN, MPN or main image id.</summary>
    public const int MaxCodeLength = 255;

    /// <summary>The most rows a product CSV holds, its header included (Elastic Path's bound).</summary>
    public const int MaxImportRows = 50_000;

    /// <summary>The most objects a price JSONL file holds (Elastic Path's bound).</summary>
    public const int MaxPriceImportObjects = 50_000;

    /// <summary>The most currencies one price (or one sale of it) has.</summary>
    public const int MaxPriceCurrencies = 200;

    /// <summary>The most volume tiers one currency of a price has.</summary>
    public const int MaxPriceTiers = 100;

    /// <summary>The most sales one price has.</summary>
    public const int MaxPriceSales = 100;

    /// <summary>The most bundles one sale names.</summary>
    public const int MaxSaleBundles = 100;

    /// <summary>The largest file an import takes, in bytes: 50 MB (Elastic Path's bound).</summary>
    public const long MaxUploadBytes = 50L * 1024 * 1024;

    /// <summary>The most rows an export part holds.</summary>
    public const int MaxExportPartRows = 10_000;

    /// <summary>The most options a variation has, and the most variations a product has: what bounds a build's children.</summary>
    public const int MaxVariationOptions = 50;

    /// <summary>The most variations attached to one product.</summary>
    public const int MaxProductVariations = 10;

    /// <summary>The most child products one build makes.</summary>
    public const int MaxChildProducts = 10_000;

    /// <summary>The largest page of a catalog list.</summary>
    public const int MaxPageLimit = 100;
}
