using System.Diagnostics;
using Hangfire;

namespace Jobs.Bench.Peers.Hangfire;

/// <summary>
/// Jobs accepted per second from <see cref="BenchOptions.Publishers"/> concurrent publishers, with no server running:
/// each publisher enqueues its share one after another, and <c>Enqueue</c> returns once the job is stored.
/// </summary>
static class SubmitWorkload
{
    /// <summary>
    /// Like Jobs' submit workload: <paramref name="warmUp"/> jobs enqueued the same way first and not timed, so that the
    /// pool's connections are open and the client's code paths compiled, then <paramref name="jobs"/> timed.
    /// </summary>
    public static async Task<double> RunAsync(JobStorage storage, int warmUp, int jobs)
    {
        var client = new BackgroundJobClient(storage);
        await PublishAsync(client, warmUp);
        var stopwatch = Stopwatch.StartNew();
        await PublishAsync(client, jobs);
        return jobs / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Enqueues <paramref name="jobs"/> no-op jobs from <see cref="BenchOptions.Publishers"/> threads.</summary>
    public static Task PublishAsync(IBackgroundJobClient client, int jobs) =>
        Task.WhenAll(Enumerable.Range(0, BenchOptions.Publishers).Select(publisher => Task.Factory.StartNew(() =>
        {
            // Hangfire's client is synchronous: a thread of its own per publisher, so that the thread pool's slow
            // growth does not hold publishers back.
            for (var i = publisher; i < jobs; i += BenchOptions.Publishers)
                client.Enqueue(() => NoOpJob.Run());
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
}
