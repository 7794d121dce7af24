using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests.Support;

/// <summary>
/// The worker's clock, which moves only when a spec moves it. A timer runs from the moment it is set, and the worker
/// sets some on threads of its own (the sweeper's as the worker starts, the runner's last wait for a handler once
/// the handler has yielded): a spec waits until such a timer is set before it moves the clock past it, or the move
/// would fall short of it. Specs start it in the past, so that a worker reading the real clock instead would find
/// every lease long expired.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    readonly ConcurrentQueue<TimeSpan> _dueTimes = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _dueTimes.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits until a timer that goes off <paramref name="dueTime"/> after it is set has been set.</summary>
    public Task TimerSetAsync(TimeSpan dueTime) => TimerSetAsync(dueTime, times: 1);

    /// <summary>Waits until timers that go off <paramref name="dueTime"/> after they are set have been set <paramref name="times"/> times.</summary>
    public Task TimerSetAsync(TimeSpan dueTime, int times) =>
        Eventually.HoldsAsync(() => _dueTimes.Count(d => d == dueTime) >= times, TimeSpan.FromSeconds(30), () => $"a timer of {dueTime} to be set {times} times");
}
