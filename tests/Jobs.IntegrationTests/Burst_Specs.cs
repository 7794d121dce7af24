using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Worker.StateMachines;
using MassTransit;

namespace Jobs.IntegrationTests;

/// <summary>
/// A burst of 20,000 jobs from 16 publishers at once: every job succeeds, in created order, once, and the
/// worker's memory stays bounded. Runs alone, so that it neither slows nor is slowed by other tests.
/// </summary>
[Collection(Faults.Name)]
[Trait("Category", "Faults")]
public sealed class Burst_Specs(TestServices services)
{
    const int Jobs = 20_000;
    const int Publishers = 16;
    const double MemoryBoundMegabytes = 400;

    [Fact]
    public async Task Twenty_thousand_jobs_from_sixteen_publishers_all_succeed_in_created_order()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        var jobIds = Enumerable.Range(0, Jobs).Select(_ => NewId.NextGuid()).ToList();
        var started = DateTime.UtcNow;

        var publishers = await Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!)));
        try
        {
            await Task.WhenAll(publishers.Select(async (publisher, p) =>
            {
                foreach (var chunk in jobIds.Where((_, i) => i % Publishers == p).Chunk(100))
                {
                    await Task.WhenAll(chunk.Select(id => publisher.Bus.Publish(
                        new SubmitJob { JobId = id, JobType = JobTypes.ProductExport }, TestContext.Current.CancellationToken)));
                }
            }));
        }
        finally
        {
            foreach (var publisher in publishers)
                await publisher.DisposeAsync();
        }

        var published = DateTime.UtcNow;
        // A guard against a hang, not a stopwatch: on a quiet 2-core machine the burst takes a few minutes.
        var jobs = await database.WaitUntilFinishedAsync(jobIds, TimeSpan.FromMinutes(30));
        var finished = DateTime.UtcNow;
        var peak = worker.PeakResidentMegabytes();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Jobs} jobs: published in {published - started}, all finished after {finished - started}; worker peak RSS {peak:F0} MiB");

        Assert.All(jobs, job => Assert.Equal(JobStatuses.Success, StatusNames.Status(job.CurrentState)));
        var byCreation = jobs.OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId).ToList();
        Assert.Equal(byCreation, jobs.OrderBy(x => x.StartedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId));
        var ran = runs.All();
        Assert.Equal(Jobs, ran.Count);
        Assert.Equal(byCreation, ran.Select(r => r.JobId));
        Assert.True(peak < MemoryBoundMegabytes, $"the worker's peak RSS was {peak:F0} MiB, above {MemoryBoundMegabytes} MiB");
    }
}
