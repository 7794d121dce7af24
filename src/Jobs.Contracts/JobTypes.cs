namespace Jobs.Contracts;

/// <summary>The job types Elastic Path's PXM runs, spelled as they appear on the wire.</summary>
public static class JobTypes
{
    /// <summary>Builds the child products of a parent product from its variations.</summary>
    public const string ChildProducts = "child-products";

    /// <summary>Creates or updates products from a CSV file.</summary>
    public const string ProductImport = "product-import";

    /// <summary>Exports products matching a filter to CSV files.</summary>
    public const string ProductExport = "product-export";

    /// <summary>Copies a hierarchy, its nodes and optionally its product associations.</summary>
    public const string HierarchyDuplicate = "hierarchy-duplicate";

    /// <summary>Imports price books and prices from a JSONL file.</summary>
    public const string PriceImport = "price-import";

    /// <summary>Every job type, in the order Elastic Path lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [ChildProducts, ProductImport, ProductExport, HierarchyDuplicate, PriceImport];
}
