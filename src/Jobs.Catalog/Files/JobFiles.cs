using System.Buffers.Text;
using System.Text;

namespace Jobs.Catalog.Files;

/// <summary>
/// Where a job's files are kept: every file of a job under one folder of its store, <c>{store}/{job id}/{name}</c>, so
/// that removing a job's files is removing one folder (<see cref="IFileStore.DeleteAllAsync"/>) and a key names the
/// store it belongs to. The store's folder is its id in base64url, so that no store id can make a path of its own.
/// </summary>
public static class JobFiles
{
    /// <summary>The folder of a store's files.</summary>
    public static string StoreFolder(string storeId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storeId));

    /// <summary>The folder of one job's files.</summary>
    public static string JobFolder(string storeId, Guid jobId) => $"{StoreFolder(storeId)}/{jobId:N}";

    /// <summary>The key of the file <paramref name="name"/> of a job.</summary>
    public static string Key(string storeId, Guid jobId, string name) =>
        IsName(name) ? $"{JobFolder(storeId, jobId)}/{name}" : throw new ArgumentException($"'{name}' is not a file name Jobs uses.", nameof(name));

    /// <summary>True when <paramref name="key"/> is a key of <paramref name="storeId"/>'s files.</summary>
    public static bool BelongsTo(string key, string storeId) =>
        IsKey(key) && key.StartsWith(StoreFolder(storeId) + "/", StringComparison.Ordinal);

    /// <summary>True when <paramref name="key"/> has the shape of a job file's key: store folder, job folder, name.</summary>
    public static bool IsKey(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3 && parts[0].Length > 0 && parts[0].All(IsBase64UrlChar) && Guid.TryParseExact(parts[1], "N", out _) && IsName(parts[2]);
    }

    /// <summary>A file name: letters, digits, <c>-</c>, <c>_</c> and dots, not starting with a dot.</summary>
    public static bool IsName(string name) =>
        name.Length is > 0 and <= 128 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
