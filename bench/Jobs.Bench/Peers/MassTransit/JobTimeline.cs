using System.Collections.Concurrent;
using System.Diagnostics;

namespace Jobs.Bench.Peers.MassTransit;

/// <summary>
/// What the job saga's <c>JobStarted</c> and <c>JobCompleted</c> events say about each job: the event's own
/// timestamp, and the process's monotonic clock when <see cref="JobEventRecorder"/> received it. Also tells the
/// benchmark when every job has settled, one way or the other, and how long the job service has been quiet.
/// </summary>
sealed class JobTimeline
{
    /// <param name="Started">JobStarted.Timestamp: the job context's clock just before the consumer's Run.</param>
    /// <param name="Completed">JobCompleted.Timestamp: the job context's clock just after Run returned.</param>
    /// <param name="StartedReceived">Stopwatch timestamp when JobStarted reached the recorder.</param>
    /// <param name="CompletedReceived">Stopwatch timestamp when JobCompleted reached the recorder.</param>
    public sealed record Run(DateTime Started, DateTime Completed, long StartedReceived, long CompletedReceived);

    readonly ConcurrentDictionary<Guid, (DateTime Stamp, long Received)> _started = new();
    readonly ConcurrentDictionary<Guid, (DateTime Stamp, long Received)> _completed = new();
    readonly ConcurrentDictionary<Guid, string> _failed = new();
    readonly TaskCompletionSource _allSettled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _expected = int.MaxValue;
    long _lastEvent = Stopwatch.GetTimestamp();

    /// <summary>How long ago the last job started, completed or failed.</summary>
    public TimeSpan SinceLastEvent => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastEvent));

    /// <summary>How many jobs have completed.</summary>
    public int CompletedCount => _completed.Count;

    /// <summary>Jobs that faulted or were canceled, with the reason the job service gave.</summary>
    public IReadOnlyDictionary<Guid, string> Failures => _failed;

    /// <summary>Completes once <paramref name="jobs"/> jobs have completed, faulted or been canceled.</summary>
    public Task WaitForAsync(int jobs)
    {
        Volatile.Write(ref _expected, jobs);
        CheckSettled();
        return _allSettled.Task;
    }

    public void Started(Guid jobId, DateTime timestamp) => _started.TryAdd(jobId, (timestamp, Touch()));

    public void Completed(Guid jobId, DateTime timestamp)
    {
        if (_completed.TryAdd(jobId, (timestamp, Touch())))
            CheckSettled();
    }

    public void Failed(Guid jobId, string reason)
    {
        Touch();
        if (_failed.TryAdd(jobId, reason))
            CheckSettled();
    }

    /// <summary>Whether the job completed, faulted or was canceled.</summary>
    public bool Settled(Guid jobId) => _completed.ContainsKey(jobId) || _failed.ContainsKey(jobId);

    /// <summary>Every job that both started and completed, in the order the jobs started.</summary>
    public List<Run> Runs() => _started
        .Where(s => _completed.ContainsKey(s.Key))
        .Select(s => new Run(s.Value.Stamp, _completed[s.Key].Stamp, s.Value.Received, _completed[s.Key].Received))
        .OrderBy(r => r.Started)
        .ToList();

    long Touch()
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastEvent, now);
        return now;
    }

    void CheckSettled()
    {
        if (_completed.Count + _failed.Count >= Volatile.Read(ref _expected))
            _allSettled.TrySetResult();
    }
}
