using System.Diagnostics;
using MassTransit;
using MassTransit.Contracts.JobService;

namespace Jobs.Bench.Peers.MassTransit;

/// <summary>
/// W + N no-op jobs submitted up front to a job consumer with a concurrent job limit of 1, which runs them one at a
/// time; the first W to complete are the warm-up and are not counted (or, for a variant too slow to run W within
/// <see cref="WarmUpLimit"/>, those that completed within it). Timed from the job saga's JobStarted and JobCompleted events (see <see cref="JobTimeline"/>).
/// </summary>
static class SerialWorkload
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest the warm-up may take: the default variant runs about a job a second, slower on loaded cores.</summary>
    public static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(60);

    /// <param name="WarmUpJobs">Jobs that completed in the warm-up: W, unless the warm-up reached <see cref="WarmUpLimit"/>.</param>
    /// <param name="Jobs">Jobs that ran after the warm-up (all of them, unless <paramref name="Capped"/> or <paramref name="Stalled"/>).</param>
    /// <param name="JobsPerSecond">Jobs over the time from the first start to the last completion.</param>
    /// <param name="GapsMs">Per consecutive pair in the order they ran: job n's completion to job n+1's start, from the events' timestamps.</param>
    /// <param name="ReceivedGapsMs">The same gaps from when the events reached the recorder, on the monotonic clock, as a check.</param>
    /// <param name="Failed">Jobs that faulted or were canceled, with the job service's reason.</param>
    /// <param name="Capped">Whether the time limit, counted from the end of the warm-up, stopped the bus before every job had run.</param>
    /// <param name="Stalled">Whether the bus was stopped because no job had started or finished for <paramref name="StallTimeout"/>.</param>
    /// <param name="StallTimeout">How long the job service may be quiet with jobs outstanding.</param>
    /// <param name="Unsettled">For the jobs that had not settled when the bus was stopped: how many the job saga reported in each state.</param>
    public sealed record Outcome(int WarmUpJobs, int Jobs, double JobsPerSecond, List<double> GapsMs, List<double> ReceivedGapsMs,
        IReadOnlyDictionary<Guid, string> Failed, bool Capped, bool Stalled, TimeSpan StallTimeout, IReadOnlyDictionary<string, int> Unsettled);

    /// <summary>
    /// How long the job service may go without starting or finishing a job, with jobs outstanding, before the
    /// workload gives up on them: many slot waits, so that only a job nothing will ever wake again trips it.
    /// </summary>
    static TimeSpan StallTimeout(JobConsumersVariant variant) => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(10).Ticks, variant.SlotWaitTime.Ticks * 20));

    public static async Task<Outcome> RunAsync(JobConsumersVariant variant, int warmUp, int jobs, TimeSpan limit)
    {
        var stallTimeout = StallTimeout(variant);
        List<JobTimeline.Run> runs;
        IReadOnlyDictionary<Guid, string> failed;
        IReadOnlyDictionary<string, int> unsettled;
        bool capped, stalled;
        int warmedUp;
        await using (var bus = await JobServiceBus.StartAsync(variant, globalJobLimit: null))
        {
            var warmingUp = Stopwatch.StartNew();
            var settled = bus.Timeline.WaitForAsync(warmUp + jobs);
            // The first job starts while the rest are still being submitted: with one slot, the others wait for it.
            var ids = await SubmitWorkload.PublishAsync(bus.SubmitClient, warmUp + jobs);
            while (bus.Timeline.CompletedCount < warmUp && warmingUp.Elapsed < WarmUpLimit && bus.Timeline.SinceLastEvent < stallTimeout)
                await Task.WhenAny(settled, Task.Delay(PollInterval));
            warmedUp = Math.Min(warmUp, bus.Timeline.CompletedCount);
            var measuring = Stopwatch.StartNew();
            while (!settled.IsCompleted && measuring.Elapsed < limit && bus.Timeline.SinceLastEvent < stallTimeout)
                await Task.WhenAny(settled, Task.Delay(PollInterval));
            capped = !settled.IsCompleted && measuring.Elapsed >= limit;
            stalled = !settled.IsCompleted && !capped;
            // With one slot, the jobs completed first are the ones that started first.
            runs = bus.Timeline.Runs().Skip(warmedUp).ToList();
            failed = new Dictionary<Guid, string>(bus.Timeline.Failures);
            unsettled = await CountStatesAsync(bus.StateClient, ids.Where(id => !bus.Timeline.Settled(id)));
        }

        if (runs.Count < 2)
            throw new InvalidOperationException($"Only {runs.Count} of {jobs} jobs ran within {limit} after the {warmedUp} of the warm-up.");
        var gaps = runs.Zip(runs.Skip(1), (a, b) => (b.Started - a.Completed).TotalMilliseconds).ToList();
        var receivedGaps = runs.Zip(runs.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.CompletedReceived, b.StartedReceived).TotalMilliseconds).ToList();
        var span = runs.Max(r => r.Completed) - runs[0].Started;
        return new Outcome(warmedUp, runs.Count, runs.Count / span.TotalSeconds, gaps, receivedGaps, failed, capped, stalled, stallTimeout, unsettled);
    }

    static async Task<IReadOnlyDictionary<string, int>> CountStatesAsync(IRequestClient<GetJobState> client, IEnumerable<Guid> jobIds)
    {
        var states = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var jobId in jobIds)
        {
            var response = await client.GetResponse<JobState>(new { JobId = jobId });
            states[response.Message.CurrentState] = states.GetValueOrDefault(response.Message.CurrentState) + 1;
        }

        return states;
    }
}
