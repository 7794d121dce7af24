using Jobs.Contracts;

namespace Jobs.Handlers;

/// <summary>
/// The heartbeat of one run, wherever its handler runs: a beat every third of the lease, so that two can be lost
/// before the run counts as abandoned, and one brought forward when the handler reports progress, carrying the
/// latest report. Progress beats are at least a second apart, so a handler reporting in a tight loop costs one
/// message a second at most. A failed beat is passed to the caller and the next one tried on time.
/// </summary>
public sealed class RunHeartbeat(TimeProvider clock) : IProgress<JobProgress>
{
    static readonly TimeSpan MinProgressSpacing = TimeSpan.FromSeconds(1);
    readonly Lock _lock = new();
    TaskCompletionSource _reported = NewSignal();
    JobProgress? _latest;

    /// <summary>The latest progress report, or null when the handler has made none.</summary>
    public JobProgress? Latest
    {
        get
        {
            lock (_lock)
                return _latest;
        }
    }

    /// <summary>Records the handler's progress; the next beat, brought forward, carries it.</summary>
    /// <exception cref="ArgumentException">The report is past a limit (<see cref="JobReportRules"/>).</exception>
    public void Report(JobProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var problems = JobReportRules.Check(value);
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(value));
        TaskCompletionSource reported;
        lock (_lock)
        {
            _latest = value;
            reported = _reported;
            _reported = NewSignal();
        }

        reported.TrySetResult();
    }

    /// <summary>Beats until <paramref name="stop"/> fires.</summary>
    /// <param name="lease">The run's lease: a beat goes out every third of it.</param>
    /// <param name="beat">Sends one beat with the latest progress.</param>
    /// <param name="failed">Told of a beat that failed.</param>
    /// <param name="stop">Fires when the run is over.</param>
    public async Task KeepAsync(TimeSpan lease, Func<JobProgress?, CancellationToken, Task> beat, Action<Exception> failed, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(lease / 3, clock);
        var tick = timer.WaitForNextTickAsync(stop).AsTask();
        var progressDue = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                Task reported;
                lock (_lock)
                    reported = _reported.Task;
                var woke = await Task.WhenAny(tick, reported.WaitAsync(stop));
                // The run ended: stopping wakes the wait for a report too, and a beat now would go out with a cancelled token
                // (through a mediator that delivers it all the same, or as a failed send that faults the RunJob's delivery).
                stop.ThrowIfCancellationRequested();
                if (woke == tick)
                {
                    if (!await tick)
                        return;
                    tick = timer.WaitForNextTickAsync(stop).AsTask();
                }
                else if (clock.GetUtcNow() < progressDue)
                {
                    await Task.WhenAny(tick, Task.Delay(progressDue - clock.GetUtcNow(), clock, stop));
                    stop.ThrowIfCancellationRequested();
                    if (tick.IsCompleted)
                        continue;
                }

                progressDue = clock.GetUtcNow() + MinProgressSpacing;
                try
                {
                    await beat(Latest, stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    failed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended; so does its heartbeat.
        }
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
