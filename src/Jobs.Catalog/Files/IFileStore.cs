namespace Jobs.Catalog.Files;

/// <summary>
/// Where uploaded files and export parts live, by key (<c>/</c>-separated, made by <see cref="JobFiles"/>). The local
/// folder (<see cref="LocalFileStore"/>) is the one Jobs ships; an object store goes behind the same five calls.
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Writes the file at <paramref name="key"/> with <paramref name="write"/>, replacing one already there only once
    /// <paramref name="write"/> has finished: when it throws, nothing at <paramref name="key"/> changes.
    /// </summary>
    Task SaveAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);

    /// <summary>The file at <paramref name="key"/> to read, or null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Renames a file, replacing one at <paramref name="to"/>: how an export publishes a part it has finished.</summary>
    Task MoveAsync(string from, string to, CancellationToken cancellationToken);

    /// <summary>The keys of the files under <paramref name="prefix"/>, in no particular order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Removes every file under <paramref name="prefix"/>; none there is no error.</summary>
    Task DeleteAllAsync(string prefix, CancellationToken cancellationToken);
}
