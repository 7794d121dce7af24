namespace Jobs.Worker.Running;

/// <summary>
/// Tells this worker's idle slots that a line may have work (a wake-up from the bus, or a sweep). A slot notes the
/// count before it looks for a line and waits for it to move: a wake-up between its look and its wait is not lost.
/// </summary>
sealed class RunnerWakeUps
{
    readonly Lock _lock = new();
    TaskCompletionSource _next = NewSignal();
    long _count;

    /// <summary>How many wake-ups there have been.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
                return _count;
        }
    }

    public void Wake()
    {
        TaskCompletionSource woken;
        lock (_lock)
        {
            _count++;
            woken = _next;
            _next = NewSignal();
        }

        woken.TrySetResult();
    }

    /// <summary>Completes at the first wake-up after <paramref name="seen"/> wake-ups.</summary>
    public Task WaitAsync(long seen, CancellationToken cancellationToken)
    {
        lock (_lock)
            return _count > seen ? Task.CompletedTask : _next.Task.WaitAsync(cancellationToken);
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
