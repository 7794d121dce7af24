using nietras.SeparatedValues;

namespace Jobs.Catalog.Products;

/// <summary>
/// Reads a product CSV one row at a time, never holding more of the file than Sep's buffer: the header first (to check
/// the required columns), then <see cref="TryRead"/> until the end. A file that is not CSV (a row with more or fewer
/// cells than the header, a quote left open) surfaces as a <see cref="ProductCsvException"/> naming the row.
/// </summary>
public sealed class ProductCsvReader : IDisposable
{
    readonly SepReader _reader;
    readonly (string Column, int Index)[] _columns;
    readonly int _headerCount;

    ProductCsvReader(SepReader reader, (string, int)[] columns, int headerCount)
    {
        _reader = reader;
        _columns = columns;
        _headerCount = headerCount;
    }

    /// <summary>The number of the last row read (the header is row 1).</summary>
    public int RowNumber { get; private set; } = 1;

    /// <summary>The first required column the header lacks, or null when it has them all.</summary>
    public string? MissingColumn { get; private init; }

    /// <summary>Opens <paramref name="csv"/> and reads its header.</summary>
    /// <exception cref="ProductCsvException">The header cannot be read as CSV.</exception>
    public static ProductCsvReader Open(Stream csv)
    {
        SepReader reader;
        try
        {
            reader = ProductCsv.Reader(csv);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or NotSupportedException)
        {
            throw new ProductCsvException("the file is not CSV: its header row cannot be read");
        }

        var names = reader.Header.ColNames.Select(n => n.Trim()).ToList();
        var columns = ProductCsv.ImportColumns.Select(c => (c, names.IndexOf(c))).Where(c => c.Item2 >= 0).ToArray();
        return new ProductCsvReader(reader, columns, names.Count)
        {
            MissingColumn = ProductCsv.RequiredColumns.FirstOrDefault(c => !names.Contains(c)),
        };
    }

    /// <summary>Reads the next row, or answers false at the end of the file.</summary>
    /// <exception cref="ProductCsvException">The row is not CSV.</exception>
    public bool TryRead(out ProductCsvRow row)
    {
        row = null!;
        try
        {
            if (!_reader.MoveNext())
                return false;
            RowNumber++;
            var current = _reader.Current;
            var cells = new Dictionary<string, string>(_columns.Length, StringComparer.Ordinal);
            foreach (var (column, index) in _columns)
                cells[column] = current[index].ToString();
            row = new ProductCsvRow(RowNumber, cells);
            return true;
        }
        catch (InvalidDataException)
        {
            throw new ProductCsvException($"the file is not CSV: row {RowNumber + 1} does not have the header's {_headerCount} columns or is malformed");
        }
    }

    /// <summary>
    /// What is wrong with <paramref name="csv"/> as an import, read to the end (or to the first row past
    /// <see cref="CatalogLimits.MaxImportRows"/>): a message for the caller, or null when it can be imported.
    /// </summary>
    public static string? Check(Stream csv)
    {
        try
        {
            using var reader = Open(csv);
            if (reader.MissingColumn is { } missing)
                return $"missing required csv header: {missing}";
            while (reader.TryRead(out _))
            {
                if (reader.RowNumber > CatalogLimits.MaxImportRows)
                    return TooManyRows;
            }

            return null;
        }
        catch (ProductCsvException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The message of a file past <see cref="CatalogLimits.MaxImportRows"/>.</summary>
    public static string TooManyRows { get; } =
        $"the csv file has more than {CatalogLimits.MaxImportRows} rows, the header included; split it into files of at most {CatalogLimits.MaxImportRows} rows";

    /// <summary>How far through the file the reader is, 0 to 1, when the stream can tell.</summary>
    public static double Fraction(Stream csv) => csv.CanSeek && csv.Length > 0 ? Math.Min(1, (double)csv.Position / csv.Length) : 0;

    public void Dispose() => _reader.Dispose();
}
