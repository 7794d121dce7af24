using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire.States;
using Hangfire.Storage;

namespace Jobs.Bench.Peers.Hangfire;

/// <summary>
/// A global state filter that notes, per job, when Hangfire applies its Processing and Succeeded states, on the
/// process's monotonic clock: it tells the benchmark when every job has succeeded, and gives a second, in-process
/// reading of the gaps to check the one taken from Hangfire's state history.
/// </summary>
sealed class StateTimeline : IApplyStateFilter
{
    readonly ConcurrentDictionary<string, long> _processing = new();
    readonly ConcurrentDictionary<string, long> _succeeded = new();
    readonly TaskCompletionSource _allSucceeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _expected = int.MaxValue;

    /// <summary>Completes once <paramref name="jobs"/> jobs have succeeded.</summary>
    public Task WaitForAsync(int jobs)
    {
        Volatile.Write(ref _expected, jobs);
        if (_succeeded.Count >= jobs)
            _allSucceeded.TrySetResult();
        return _allSucceeded.Task;
    }

    // Runs inside the state change's storage transaction, before it commits.
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        var now = Stopwatch.GetTimestamp();
        // The state names are static fields, not constants, so they cannot be switch labels.
        var state = context.NewState.Name;
        if (state == ProcessingState.StateName)
        {
            _processing.TryAdd(context.BackgroundJob.Id, now);
        }
        else if (state == SucceededState.StateName)
        {
            if (_succeeded.TryAdd(context.BackgroundJob.Id, now) && _succeeded.Count >= Volatile.Read(ref _expected))
                _allSucceeded.TrySetResult();
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }

    /// <summary>Milliseconds from each job's Succeeded to the next job's Processing, in the order the jobs started.</summary>
    public List<double> GapsMs()
    {
        var runs = _processing
            .Where(p => _succeeded.ContainsKey(p.Key))
            .Select(p => (Started: p.Value, Finished: _succeeded[p.Key]))
            .OrderBy(r => r.Started)
            .ToList();
        return runs.Zip(runs.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.Finished, b.Started).TotalMilliseconds).ToList();
    }
}
