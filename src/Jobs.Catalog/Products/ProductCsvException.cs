namespace Jobs.Catalog.Products;

/// <summary>A product CSV that cannot be read as CSV; the message is ours, fit to show a caller, and names the row.</summary>
public sealed class ProductCsvException(string message) : Exception(message);
