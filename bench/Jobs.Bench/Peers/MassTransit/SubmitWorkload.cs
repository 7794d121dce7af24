using System.Diagnostics;
using MassTransit;
using MassTransit.Contracts.JobService;

namespace Jobs.Bench.Peers.MassTransit;

/// <summary>
/// Jobs accepted per second from <see cref="Publishers"/> concurrent publishers, with no job running: each publisher
/// submits its share one after another and waits for each job's JobSubmissionAccepted.
/// </summary>
static class SubmitWorkload
{
    const int Publishers = 16;

    /// <summary>
    /// The bus's job type has a global concurrent job limit of 0: the job consumer is there (its endpoint is what
    /// accepts <see cref="SubmitJob{TJob}"/>) but is never given a job. No warm-up, like Jobs' submit workload.
    /// </summary>
    public static async Task<double> RunAsync(JobConsumersVariant variant, int jobs)
    {
        await using var bus = await JobServiceBus.StartAsync(variant, globalJobLimit: 0);
        var stopwatch = Stopwatch.StartNew();
        await PublishAsync(bus.SubmitClient, jobs);
        return jobs / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Submits <paramref name="jobs"/> no-op jobs from <see cref="Publishers"/> concurrent publishers.</summary>
    /// <returns>The job ids the job service accepted.</returns>
    public static async Task<List<Guid>> PublishAsync(IRequestClient<SubmitJob<NoOpJob>> client, int jobs)
    {
        var shares = await Task.WhenAll(Enumerable.Range(0, Publishers).Select(async publisher =>
        {
            var ids = new List<Guid>();
            for (var i = publisher; i < jobs; i += Publishers)
                ids.Add(await client.SubmitJob(new NoOpJob(i), CancellationToken.None));
            return ids;
        }));
        return shares.SelectMany(ids => ids).ToList();
    }
}
