using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace Jobs.Catalog.Files;

/// <summary>
/// The file store in a local folder (<see cref="FileStoreOptions.Root"/>). A file is written under a temporary name and
/// renamed into place once it is whole, so that a reader never sees half a file and a crash leaves no partial file
/// under a real key (only a <c>.partial</c> one, which listings skip).
/// </summary>
sealed class LocalFileStore(IOptions<FileStoreOptions> options) : IFileStore
{
    const string PartialSuffix = ".partial";

    readonly string _root = Path.GetFullPath(options.Value.Root);

    public async Task SaveAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + "." + Guid.NewGuid().ToString("N") + PartialSuffix;
        try
        {
            await using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
                await write(stream, cancellationToken);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task MoveAsync(string from, string to, CancellationToken cancellationToken)
    {
        var target = PathOf(to);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(PathOf(from), target, overwrite: true);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        var folder = PathOf(prefix);
        if (!Directory.Exists(folder))
            yield break;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!file.EndsWith(PartialSuffix, StringComparison.Ordinal))
                yield return Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
        }
    }

    public Task DeleteAllAsync(string prefix, CancellationToken cancellationToken)
    {
        var folder = PathOf(prefix);
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The path of a key, refused when it would leave the root (a key is never a path of a caller's choosing, but still).</summary>
    string PathOf(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Split('/').Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"'{key}' is not a file store key.", nameof(key));
        var path = Path.GetFullPath(Path.Combine(_root, key));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"'{key}' is not a file store key.", nameof(key));
    }
}
