using System.Text.RegularExpressions;
using Jobs.Catalog.Model;

namespace Jobs.Catalog.Products;

/// <summary>
/// A data row of a product CSV checked field by field: the values an import writes, or the problems that keep it from
/// being written, each named after the field as Elastic Path names it (<c>data.attributes.sku: …</c>).
/// </summary>
sealed partial class ProductImportRow
{
    const string Attributes = "data.attributes.";

    readonly ProductCsvRow _row;
    readonly List<string> _problems = [];

    ProductImportRow(ProductCsvRow row) => _row = row;

    public int Number => _row.Number;

    /// <summary>The product the row names by <c>id</c>, or null when its <c>id</c> cell is empty (or absent).</summary>
    public Guid? Id { get; private set; }

    public string? ExternalRef => _row.Value(ProductCsv.ExternalRef);

    public string? Sku => _row.Value(ProductCsv.Sku);

    public string? Slug => _row.Value(ProductCsv.Slug);

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Reads and checks <paramref name="row"/>.</summary>
    public static ProductImportRow Parse(ProductCsvRow row)
    {
        var parsed = new ProductImportRow(row);
        parsed.Check();
        return parsed;
    }

    void Check()
    {
        if (_row.Value(ProductCsv.Id) is { } id)
        {
            if (Guid.TryParse(id, out var guid))
                Id = guid;
            else
                _problems.Add("data.id: Must be a valid UUID.");
        }

        Required(ProductCsv.Name, CatalogLimits.MaxNameLength);
        Length(ProductCsv.Description, CatalogLimits.MaxDescriptionLength);
        Length(ProductCsv.ExternalRef, CatalogLimits.MaxExternalRefLength);
        if (Required(ProductCsv.Slug, CatalogLimits.MaxCodeLength) && !SlugPattern().IsMatch(Slug!))
            _problems.Add($"{Attributes}slug: Must contain only letters, numbers, periods, hyphens and underscores.");
        OneOf(ProductCsv.Status, ProductStatuses.All);
        OneOf(ProductCsv.CommodityType, CommodityTypes.All);
        foreach (var column in new[] { ProductCsv.UpcEan, ProductCsv.Mpn, ProductCsv.Sku, ProductCsv.MainImageId })
            Length(column, CatalogLimits.MaxCodeLength);
        if (_row[ProductCsv.Tags] is { } cell)
        {
            var tags = ProductCsv.ParseTags(cell);
            if (tags.Count > CatalogLimits.MaxTags)
                _problems.Add($"{Attributes}tags: Must have at most {CatalogLimits.MaxTags} tags.");
            if (tags.Any(t => t.Length > CatalogLimits.MaxTagLength))
                _problems.Add($"{Attributes}tags: Each tag must be at most {CatalogLimits.MaxTagLength} characters.");
        }
    }

    bool Required(string column, int maxLength)
    {
        if (_row.Value(column) is null)
        {
            _problems.Add($"{Attributes}{column}: Is required.");
            return false;
        }

        return Length(column, maxLength);
    }

    bool Length(string column, int maxLength)
    {
        if (_row[column] is not { } value || value.Length <= maxLength)
            return true;
        _problems.Add($"{Attributes}{column}: Must be at most {maxLength} characters.");
        return false;
    }

    void OneOf(string column, IReadOnlyList<string> allowed)
    {
        if (Canonical(column, allowed) is null)
            _problems.Add($"{Attributes}{column}: Must be {string.Join(" or ", allowed)}.");
    }

    /// <summary>The cell of <paramref name="column"/> as one of <paramref name="allowed"/>, whatever its case (Elastic Path writes <c>Draft</c>).</summary>
    string? Canonical(string column, IReadOnlyList<string> allowed) =>
        _row.Value(column)?.Trim() is { } value ? allowed.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase)) : null;

    /// <summary>The uniqueness problem of <paramref name="column"/>, as Elastic Path words it.</summary>
    public static string NotUnique(string column) => $"{Attributes}{column}: Must be unique amongst products.";

    /// <summary>Writes the row's fields into <paramref name="product"/>; a column the file lacks leaves its field as it is.</summary>
    public void ApplyTo(Product product)
    {
        product.Name = _row.Value(ProductCsv.Name)!;
        product.Slug = Slug;
        product.Status = Canonical(ProductCsv.Status, ProductStatuses.All)!;
        product.CommodityType = Canonical(ProductCsv.CommodityType, CommodityTypes.All)!;
        product.Description = _row.Value(ProductCsv.Description);
        if (_row.Has(ProductCsv.ExternalRef))
            product.ExternalRef = ExternalRef;
        if (_row.Has(ProductCsv.UpcEan))
            product.UpcEan = _row.Value(ProductCsv.UpcEan);
        if (_row.Has(ProductCsv.Mpn))
            product.Mpn = _row.Value(ProductCsv.Mpn);
        if (_row.Has(ProductCsv.Sku))
            product.Sku = Sku;
        if (_row.Has(ProductCsv.MainImageId))
            product.MainImageId = _row.Value(ProductCsv.MainImageId);
        if (_row[ProductCsv.Tags] is { } tags)
            product.Tags = ProductCsv.ParseTags(tags);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SlugPattern();
}
