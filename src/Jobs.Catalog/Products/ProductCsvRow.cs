namespace Jobs.Catalog.Products;

/// <summary>
/// One data row of a product CSV as read: its number in the file (the header is row 1) and the cell of each column the
/// file has, by column name (<see cref="ProductCsv.ImportColumns"/>). A column the file lacks has no cell: an update
/// leaves that field as it is.
/// </summary>
public sealed class ProductCsvRow(int number, IReadOnlyDictionary<string, string> cells)
{
    public int Number { get; } = number;

    /// <summary>The cell of <paramref name="column"/>, or null when the file has no such column.</summary>
    public string? this[string column] => cells.GetValueOrDefault(column);

    /// <summary>The cell of <paramref name="column"/>, or null when the file has no such column or the cell is empty.</summary>
    public string? Value(string column) => cells.GetValueOrDefault(column) is { Length: > 0 } value ? value : null;

    /// <summary>True when the file has <paramref name="column"/>.</summary>
    public bool Has(string column) => cells.ContainsKey(column);
}
