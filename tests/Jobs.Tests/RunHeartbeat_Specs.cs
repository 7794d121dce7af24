using System.Threading.Channels;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Tests.Support;

namespace Jobs.Tests;

/// <summary>A run's heartbeat, in the worker and in a handler's own service alike, on a clock that moves only when the spec moves it.</summary>
public sealed class RunHeartbeat_Specs
{
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
    readonly Channel<(DateTimeOffset At, JobProgress? Progress)> _beats = Channel.CreateUnbounded<(DateTimeOffset, JobProgress?)>();

    [Fact]
    public async Task Beats_every_third_of_the_lease_and_carries_the_latest_progress_sooner_at_most_once_a_second()
    {
        var heartbeat = new RunHeartbeat(_clock);
        using var stop = new CancellationTokenSource();
        var failures = new List<Exception>();
        var keeping = heartbeat.KeepAsync(Lease, BeatAsync, failures.Add, stop.Token);
        await _clock.TimerSetAsync(Lease / 3);

        _clock.Advance(Lease / 3);
        Assert.Equal((_clock.GetUtcNow(), (JobProgress?)null), await NextBeatAsync());

        // A beat went a moment ago: the report's beat waits for the second after it, and carries the latest report then.
        heartbeat.Report(new JobProgress(10, "first rows"));
        heartbeat.Report(new JobProgress(20, "more rows"));
        await _clock.TimerSetAsync(TimeSpan.FromSeconds(1));
        Assert.False(_beats.Reader.TryRead(out _));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((_clock.GetUtcNow(), new JobProgress(20, "more rows")), await NextBeatAsync());

        // A second later, a report goes at once.
        _clock.Advance(TimeSpan.FromSeconds(1));
        heartbeat.Report(new JobProgress(30));
        Assert.Equal((_clock.GetUtcNow(), new JobProgress(30)), await NextBeatAsync());

        // The regular beat, a third of the lease after the one before it, carries the latest report too.
        _clock.Advance(Lease / 3 - TimeSpan.FromSeconds(2));
        Assert.Equal((_clock.GetUtcNow(), new JobProgress(30)), await NextBeatAsync());

        await stop.CancelAsync();
        await keeping;
        Assert.Empty(failures);
    }

    /// <summary>
    /// Stopping also wakes the wait for a progress report: a beat then would reach the saga through the mediator (which
    /// delivers a request whose token is already cancelled) after the run ended.
    /// </summary>
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
    public async Task A_failed_beat_is_reported_and_the_next_one_goes_on_time()
    {
        var heartbeat = new RunHeartbeat(_clock);
        using var stop = new CancellationTokenSource();
        var failures = Channel.CreateUnbounded<Exception>();
        var calls = 0;
        var keeping = heartbeat.KeepAsync(Lease, async (progress, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
                throw new InvalidOperationException("broker away");
            await BeatAsync(progress, ct);
        }, e => failures.Writer.TryWrite(e), stop.Token);
        await _clock.TimerSetAsync(Lease / 3);

        _clock.Advance(Lease / 3);
        Assert.Equal("broker away", (await failures.Reader.ReadAsync(TestContext.Current.CancellationToken)).Message);
        _clock.Advance(Lease / 3);

        Assert.Equal(_clock.GetUtcNow(), (await NextBeatAsync()).At);
        await stop.CancelAsync();
        await keeping;
    }

    [Theory]
    [InlineData(-1, null, "progress.percent must be 0 to 100, not -1.")]
    [InlineData(101, null, "progress.percent must be 0 to 100, not 101.")]
    [InlineData(50, 257, "progress.message must be at most 256 characters, not 257.")]
    public void A_progress_report_past_a_limit_is_refused_at_once(int percent, int? messageLength, string reason)
    {
        var heartbeat = new RunHeartbeat(_clock);

        var refused = Assert.Throws<ArgumentException>(() => heartbeat.Report(new JobProgress(percent, messageLength is { } n ? new string('x', n) : null)));

        Assert.StartsWith(reason, refused.Message, StringComparison.Ordinal);
        Assert.Null(heartbeat.Latest);
    }

    Task BeatAsync(JobProgress? progress, CancellationToken cancellationToken) =>
        _beats.Writer.WriteAsync((_clock.GetUtcNow(), progress), cancellationToken).AsTask();

    async Task<(DateTimeOffset At, JobProgress? Progress)> NextBeatAsync()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        return await _beats.Reader.ReadAsync(deadline.Token);
    }
}
