using Jobs.Catalog.Files;

namespace Jobs.Tests.Retention;

/// <summary>
/// The file store, with a gate on removals: the removal numbered <see cref="HoldAt"/> (counting from 1) waits until the
/// test lets it go, so that a spec can act while retention is in the middle of a pass. Everything else goes straight
/// through to <paramref name="inner"/>.
/// </summary>
public sealed class GatedFileStore(IFileStore inner) : IFileStore
{
    readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _removals;

    /// <summary>Which removal waits at the gate; 0 (the default) holds none.</summary>
    public int HoldAt { get; set; }

    /// <summary>Completes once the held removal has been asked for and waits.</summary>
    public Task HeldAsync() => _held.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

    /// <summary>Lets the held removal go on.</summary>
    public void Release() => _released.TrySetResult();

    public async Task DeleteAllAsync(string prefix, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _removals) == HoldAt)
        {
            _held.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        await inner.DeleteAllAsync(prefix, cancellationToken);
    }

    public Task SaveAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        inner.SaveAsync(key, write, cancellationToken);

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public Task MoveAsync(string from, string to, CancellationToken cancellationToken) => inner.MoveAsync(from, to, cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
}
