namespace Jobs.Contracts;

/// <summary>
/// The names of the parameters the job types declare (<see cref="JobTypes.Definitions"/>), for code that reads
/// or sets one: <c>parameters[JobParameters.CopiedFrom]</c>.
/// </summary>
public static class JobParameters
{
    /// <summary><c>product-export</c>: the filter selecting the products to export.</summary>
    public const string Filter = "filter";

    /// <summary><c>hierarchy-duplicate</c>: the hierarchy to copy.</summary>
    public const string CopiedFrom = "copied_from";

    /// <summary><c>child-products</c>: the parent product whose children are built.</summary>
    public const string ProductId = "product_id";

    /// <summary><c>product-import</c> and <c>price-import</c>: where the uploaded file is stored.</summary>
    public const string FileLocation = "file_location";

    /// <summary><c>price-import</c>: how the uploaded file is compressed, <c>none</c> or <c>gzip</c>.</summary>
    public const string FileCompression = "file_compression";

    /// <summary><c>hierarchy-duplicate</c>: the copy's name; the source's name with " - copy" when absent.</summary>
    public const string Name = "name";

    /// <summary><c>hierarchy-duplicate</c>: the copy's description; the source's when absent.</summary>
    public const string Description = "description";

    /// <summary><c>hierarchy-duplicate</c>: <c>true</c> to copy which products are in which node too.</summary>
    public const string IncludeProducts = "include_products";
}
