using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using MassTransit;

namespace Jobs.IntegrationTests;

/// <summary>Handlers that always throw or hang, in a worker process: each job fails with a clear message and the line goes on.</summary>
[Trait("Category", "Faults")]
public sealed class Poison_Specs(TestServices services)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Throwing_and_hanging_handlers_fail_their_jobs_and_the_runner_keeps_going()
    {
        var environment = new Dictionary<string, string?>(await services.NewEnvironmentAsync())
        {
            ["Jobs:Runner:Timeouts:product-import"] = "00:00:01",
        };
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var (throwing, hanging, healthy) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var (jobId, type, behavior) in new[]
        {
            (throwing, JobTypes.ProductExport, "throw:catalog service said 500"),
            (hanging, JobTypes.ProductImport, "hang"),
            (healthy, JobTypes.ProductExport, "succeed"),
        })
        {
            await client.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob
            {
                JobId = jobId,
                JobType = type,
                Parameters = new Dictionary<string, string> { [JobParameters.FileLocation] = "https://files.example/products.csv", ["behavior"] = behavior },
            }, Ct);
        }

        var threw = await database.WaitForStatusAsync(throwing, JobStatuses.Failed);
        var hung = await database.WaitForStatusAsync(hanging, JobStatuses.Failed);
        await database.WaitForStatusAsync(healthy, JobStatuses.Success);
        Assert.Equal("The product-export handler failed: catalog service said 500", Assert.Single(threw.Errors).Message);
        Assert.Equal("The product-import job timed out after 00:00:01.", Assert.Single(hung.Errors).Message);
        Assert.Equal(1, threw.Attempt);
        Assert.Single(runs.Of(throwing));
        // The worker logs the timeout before it records the failure, but its log reaches us through a console
        // queue and a pipe, so it can arrive after the failure is visible in the database.
        await Eventually.HoldsAsync(() => worker.Output.Contains("timed out after 00:00:01", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => "the worker to log the timeout");
    }
}
