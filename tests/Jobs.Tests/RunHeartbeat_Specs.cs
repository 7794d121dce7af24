using System.Collections.Concurrent;
using Jobs.Contracts;
using Jobs.Handlers;

namespace Jobs.Tests;

/// <summary>
/// A run's heartbeat beats while the run lasts and not once it has ended: a beat at the end would reach the saga
/// through the mediator (which delivers a request whose token is already cancelled) or, in a service of its own,
/// fault the delivery of the RunJob and have the run done again.
/// </summary>
public sealed class RunHeartbeat_Specs
{
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task A_heartbeat_stopped_before_its_first_beat_sends_none()
    {
        var beats = 0;
        for (var run = 0; run < 200; run++)
        {
            using var stop = new CancellationTokenSource();
            var keeping = new RunHeartbeat(TimeProvider.System).KeepAsync(Lease, (_, _) =>
            {
                Interlocked.Increment(ref beats);
                return Task.CompletedTask;
            }, ex => Assert.Fail($"A beat failed: {ex}"), stop.Token);
            await Task.Yield();
            await stop.CancelAsync();
            await keeping;
        }

        Assert.Equal(0, beats);
    }

    [Fact]
    public async Task Progress_is_sent_at_once_with_a_live_token()
    {
        var sent = new BlockingCollection<(JobProgress? Progress, bool Cancelled)>();
        using var stop = new CancellationTokenSource();
        var heartbeat = new RunHeartbeat(TimeProvider.System);
        var keeping = heartbeat.KeepAsync(Lease, (progress, ct) =>
        {
            sent.Add((progress, ct.IsCancellationRequested), CancellationToken.None);
            return Task.CompletedTask;
        }, ex => Assert.Fail($"A beat failed: {ex}"), stop.Token);

        heartbeat.Report(new JobProgress(40));
        Assert.True(sent.TryTake(out var beat, TimeSpan.FromSeconds(10)), "no beat carried the progress");
        await stop.CancelAsync();
        await keeping;

        Assert.Equal(40, beat.Progress?.Percent);
        Assert.False(beat.Cancelled);
        Assert.Empty(sent);
    }
}
