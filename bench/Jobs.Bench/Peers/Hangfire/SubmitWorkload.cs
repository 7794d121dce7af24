using System.Diagnostics;
using Hangfire;

namespace Jobs.Bench.Peers.Hangfire;

/// <summary>
/// Jobs accepted per second from <see cref="Publishers"/> concurrent publishers, with no server running: each
/// publisher enqueues its share one after another, and <c>Enqueue</c> returns once the job is stored.
/// </summary>
static class SubmitWorkload
{
    const int Publishers = 16;

    /// <summary>
    /// Like Jobs' submit workload, with no warm-up: the storage has only created its schema, and the first jobs pay
    /// for opening the pool's connections and compiling the client's code paths.
    /// </summary>
    public static async Task<double> RunAsync(JobStorage storage, int jobs)
    {
        var stopwatch = Stopwatch.StartNew();
        await PublishAsync(new BackgroundJobClient(storage), jobs);
        return jobs / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Enqueues <paramref name="jobs"/> no-op jobs from <see cref="Publishers"/> threads.</summary>
    public static Task PublishAsync(IBackgroundJobClient client, int jobs) =>
        Task.WhenAll(Enumerable.Range(0, Publishers).Select(publisher => Task.Factory.StartNew(() =>
        {
            // Hangfire's client is synchronous: a thread of its own per publisher, so that the thread pool's slow
            // growth does not hold publishers back.
            for (var i = publisher; i < jobs; i += Publishers)
                client.Enqueue(() => NoOpJob.Run());
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
}
