using System.Diagnostics;
using MassTransit;
using MassTransit.Contracts.JobService;

namespace Jobs.Bench.Peers.MassTransit;

/// <summary>
/// Jobs accepted per second from <see cref="BenchOptions.Publishers"/> concurrent publishers, with no job running: each
/// publisher submits its share one after another and waits for each job's JobSubmissionAccepted.
/// </summary>
static class SubmitWorkload
{
    /// <summary>
    /// The bus's job type has a global concurrent job limit of 0: the job consumer is there (its endpoint is what
    /// accepts <see cref="SubmitJob{TJob}"/>) but is never given a job. Like Jobs' submit workload, <paramref name="warmUp"/>
    /// jobs are submitted the same way first and not timed.
    /// </summary>
    public static async Task<double> RunAsync(JobConsumersVariant variant, int warmUp, int jobs)
    {
        await using var bus = await JobServiceBus.StartAsync(variant, globalJobLimit: 0);
        await PublishAsync(bus.SubmitClient, warmUp);
        var stopwatch = Stopwatch.StartNew();
        await PublishAsync(bus.SubmitClient, jobs);
        return jobs / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Submits <paramref name="jobs"/> no-op jobs from <see cref="BenchOptions.Publishers"/> concurrent publishers.</summary>
    /// <returns>The job ids the job service accepted.</returns>
    public static async Task<List<Guid>> PublishAsync(IRequestClient<SubmitJob<NoOpJob>> client, int jobs)
    {
        var shares = await Task.WhenAll(Enumerable.Range(0, BenchOptions.Publishers).Select(async publisher =>
        {
            var ids = new List<Guid>();
            for (var i = publisher; i < jobs; i += BenchOptions.Publishers)
                ids.Add(await client.SubmitJob(new NoOpJob(i), CancellationToken.None));
            return ids;
        }));
        return shares.SelectMany(ids => ids).ToList();
    }
}
