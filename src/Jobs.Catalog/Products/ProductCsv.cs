using System.Globalization;
using nietras.SeparatedValues;

namespace Jobs.Catalog.Products;

/// <summary>
/// Elastic Path's product CSV, defined once for import and export: comma-separated, a header row naming the columns in
/// any order, one product per row after it. Cells are read unescaped and written escaped (quotes where a value needs
/// them). Tags share one cell, separated by commas, as Elastic Path's export writes them.
/// </summary>
public static class ProductCsv
{
    public const string Id = "id";
    public const string ExternalRef = "external_ref";
    public const string Name = "name";
    public const string Description = "description";
    public const string Slug = "slug";
    public const string Status = "status";
    public const string CommodityType = "commodity_type";
    public const string UpcEan = "upc_ean";
    public const string Mpn = "mpn";
    public const string Sku = "sku";
    public const string Tags = "tags";
    public const string MainImageId = "main_image_id";

    /// <summary>Informational columns of an export; an import ignores them.</summary>
    public const string CreatedAt = "_created_at";

    /// <summary>Informational columns of an export; an import ignores them.</summary>
    public const string UpdatedAt = "_updated_at";

    /// <summary>The columns an import must have (Elastic Path's required headers); their cells may still be empty where a field is optional.</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } = [Name, Description, Slug, Status, CommodityType];

    /// <summary>The columns an import reads; any other column (<c>template:&lt;flow&gt;:&lt;field&gt;</c>, <c>_created_at</c>, …) is ignored.</summary>
    public static IReadOnlyList<string> ImportColumns { get; } = [Id, ExternalRef, Name, Description, Slug, Status, CommodityType, UpcEan, Mpn, Sku, Tags, MainImageId];

    /// <summary>The columns of an export, in this order.</summary>
    public static IReadOnlyList<string> ExportColumns { get; } = [.. ImportColumns, CreatedAt, UpdatedAt];

    /// <summary>How an export writes a timestamp: UTC, to the millisecond, as the API does.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Separates tags inside the <c>tags</c> cell.</summary>
    public const char TagSeparator = ',';

    /// <summary>A reader of a product CSV: commas only (no guessing of the separator), quoted cells unescaped.</summary>
    public static SepReader Reader(Stream csv) =>
        Sep.New(',').Reader(o => o with { Unescape = true }).From(csv);

    /// <summary>A writer of a product CSV: commas, cells quoted where they need it; the header comes from the first row.</summary>
    public static SepWriter Writer(Stream csv) =>
        Sep.New(',').Writer(o => o with { Escape = true }).To(csv, leaveOpen: true);

    /// <summary>The tags of a <c>tags</c> cell: comma-separated, trimmed, empty ones dropped.</summary>
    public static List<string> ParseTags(string cell) =>
        [.. cell.Split(TagSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The <c>tags</c> cell of <paramref name="tags"/>.</summary>
    public static string FormatTags(IEnumerable<string> tags) => string.Join(TagSeparator, tags);

    /// <summary>A timestamp cell of an export.</summary>
    public static string FormatTimestamp(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString(TimestampFormat, CultureInfo.InvariantCulture);
}
