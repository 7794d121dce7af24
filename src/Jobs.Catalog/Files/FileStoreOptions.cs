namespace Jobs.Catalog.Files;

/// <summary>
/// Section <c>Jobs:Files</c>: where the local file store keeps uploads and export parts. Every process that runs
/// catalog jobs or serves their files (workers, the API) must see the same folder: one machine, or a shared volume.
/// </summary>
public sealed class FileStoreOptions
{
    public const string SectionName = "Jobs:Files";

    /// <summary>The folder; relative paths are from the working directory. Created when missing.</summary>
    public string Root { get; set; } = "files";
}
