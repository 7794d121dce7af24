using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.StateMachines;
using MassTransit;

namespace Jobs.IntegrationTests;

/// <summary>Workers killed and stopped with real signals while a job runs.</summary>
[Trait("Category", "Faults")]
public sealed class WorkerCrash_Specs(TestServices services)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Dictionary<string, string?> Fast(IDictionary<string, string?> environment, int maxAttempts = 3) => new(environment)
    {
        ["Jobs:Runner:LeaseDuration"] = "00:00:03",
        ["Jobs:Runner:SweepInterval"] = "00:00:00.500",
        ["Jobs:Runner:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_worker_killed_mid_job_leaves_its_line_to_the_other_worker_once_the_lease_runs_out()
    {
        var environment = Fast(await services.NewEnvironmentAsync());
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var first = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var second = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var (crashed, next) = (Guid.NewGuid(), Guid.NewGuid());
        await SubmitAsync(client, crashed, $"wait-file:{runs.ReleaseFile(crashed)}");
        await SubmitAsync(client, next, "succeed");
        await Eventually.HoldsAsync(() => runs.Of(crashed).Count == 1, TimeSpan.FromSeconds(30), () => "the first job to start");
        var active = runs.Of(crashed)[0].ProcessId == first.ProcessId ? first : second;
        var survivor = active == first ? second : first;

        await active.KillAsync();
        var leaseExpiry = (await database.FindAsync(crashed))!.LeaseExpiresAt!.Value;
        runs.Release(crashed);

        var recovered = await database.WaitForStatusAsync(crashed, JobStatuses.Success, TimeSpan.FromSeconds(30));
        var after = await database.WaitForStatusAsync(next, JobStatuses.Success, TimeSpan.FromSeconds(30));
        Assert.Equal(2, recovered.Attempt);
        Assert.Equal([1, 2], runs.Of(crashed).Select(r => r.Attempt));
        Assert.Equal(survivor.ProcessId, runs.Of(crashed)[1].ProcessId);
        Assert.True(recovered.StartedAt >= leaseExpiry, $"the job restarted at {recovered.StartedAt:O}, before the lease expired at {leaseExpiry:O}");
        Assert.True(after.StartedAt >= recovered.CompletedAt, "the next job started before the recovered one finished");
        Assert.Equal(survivor.ProcessId, Assert.Single(runs.Of(next)).ProcessId);
    }

    [Fact]
    public async Task A_worker_killed_on_the_last_attempt_fails_the_job_and_the_line_moves_on()
    {
        var environment = Fast(await services.NewEnvironmentAsync(), maxAttempts: 1);
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var first = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var second = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var (crashed, next) = (Guid.NewGuid(), Guid.NewGuid());
        await SubmitAsync(client, crashed, $"wait-file:{runs.ReleaseFile(crashed)}");
        await SubmitAsync(client, next, "succeed");
        await Eventually.HoldsAsync(() => runs.Of(crashed).Count == 1, TimeSpan.FromSeconds(30), () => "the first job to start");

        await (runs.Of(crashed)[0].ProcessId == first.ProcessId ? first : second).KillAsync();

        var failed = await database.WaitForStatusAsync(crashed, JobStatuses.Failed, TimeSpan.FromSeconds(30));
        Assert.Equal("The worker running this job stopped (no heartbeat for 00:00:03); gave up after 1 attempts.", Assert.Single(failed.Errors).Message);
        await database.WaitForStatusAsync(next, JobStatuses.Success, TimeSpan.FromSeconds(30));
        Assert.Single(runs.Of(crashed));
    }

    [Fact]
    public async Task A_worker_stopped_with_sigterm_hands_its_job_back_to_its_place_in_line()
    {
        var environment = Fast(await services.NewEnvironmentAsync());
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var (running, waiting) = (Guid.NewGuid(), Guid.NewGuid());
        await SubmitAsync(client, running, $"wait-file:{runs.ReleaseFile(running)}");
        await SubmitAsync(client, waiting, "succeed");
        await Eventually.HoldsAsync(() => runs.Of(running).Count == 1, TimeSpan.FromSeconds(30), () => "the first job to start");

        await worker.TerminateAsync(TimeSpan.FromSeconds(60));
        await worker.DisposeAsync();

        var handedBack = (await database.FindAsync(running))!;
        Assert.Equal(JobStatuses.Pending, StatusNames.Status(handedBack.CurrentState));
        Assert.Equal(0, handedBack.Attempt);
        Assert.Null(handedBack.StartedAt);
        Assert.Equal("cancelled", runs.Of(running)[0].Outcome);
        Assert.Contains("handed back to the line", worker.Output, StringComparison.Ordinal);
        Assert.Equal(JobStatuses.Pending, StatusNames.Status((await database.FindAsync(waiting))!.CurrentState));

        runs.Release(running);
        await using var replacement = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        var finished = await database.WaitForStatusAsync(running, JobStatuses.Success);
        var next = await database.WaitForStatusAsync(waiting, JobStatuses.Success);
        Assert.Equal(1, finished.Attempt);
        Assert.True(next.StartedAt >= finished.CompletedAt, "the job handed back lost its place in line");
    }

    static Task SubmitAsync(ClientBus client, Guid jobId, string behavior) =>
        client.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob
        {
            JobId = jobId,
            JobType = JobTypes.ProductExport,
            Parameters = new Dictionary<string, string> { ["behavior"] = behavior },
        }, Ct);
}
