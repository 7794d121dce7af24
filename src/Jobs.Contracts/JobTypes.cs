namespace Jobs.Contracts;

/// <summary>
/// The job types Elastic Path's PXM runs, spelled as they appear on the wire, and their definitions: the one
/// place that says what each type takes and reports. Adding a job type or a parameter is a change here (plus
/// its handler).
/// </summary>
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

    static readonly JobParameter UploadedFile = new()
    {
        Name = JobParameters.FileLocation,
        Required = true,
        Description = "where the uploaded file is stored",
    };

    /// <summary>Every job type's definition, in the order Elastic Path lists them.</summary>
    public static IReadOnlyList<JobTypeDefinition> Definitions { get; } =
    [
        new()
        {
            Name = ChildProducts,
            Description = "Builds the child products of a parent product from its variations.",
            Parameters = [new() { Name = JobParameters.ProductId, Kind = JobParameterKind.Uuid, Required = true, Description = "the parent product" }],
        },
        new()
        {
            Name = ProductImport,
            Description = "Creates or updates products from a CSV file.",
            Parameters = [UploadedFile],
        },
        new()
        {
            Name = ProductExport,
            Description = "Exports the products matching a filter to CSV files.",
            Parameters = [new() { Name = JobParameters.Filter, ShownInMeta = true, Description = "which products to export; all when absent" }],
            ReportsFileLocations = true,
        },
        new()
        {
            Name = HierarchyDuplicate,
            Description = "Copies a hierarchy, its nodes and optionally its product associations.",
            Parameters =
            [
                new() { Name = JobParameters.CopiedFrom, Kind = JobParameterKind.Uuid, Required = true, ShownInMeta = true, Description = "the hierarchy to copy" },
                new() { Name = JobParameters.Name, Description = "the copy's name; the source's name followed by \" - copy\" when absent" },
                new() { Name = JobParameters.Description, Description = "the copy's description; the source's when absent" },
                new() { Name = JobParameters.IncludeProducts, Values = ["true", "false"], Description = "true to copy the products of each node too; false when absent" },
            ],
            ReportsHierarchyId = true,
        },
        new()
        {
            Name = PriceImport,
            Description = "Creates or updates price books and prices from a JSONL file.",
            Parameters =
            [
                UploadedFile,
                new() { Name = JobParameters.FileCompression, Values = ["none", "gzip"], Description = "how the uploaded file is compressed; none when absent" },
            ],
        },
    ];

    /// <summary>Every job type's name, in the order Elastic Path lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Definitions.Select(d => d.Name)];

    /// <summary>The definition of the named job type, or null when there is no such type.</summary>
    public static JobTypeDefinition? Find(string? name) => Definitions.FirstOrDefault(d => d.Name == name);
}
