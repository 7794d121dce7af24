using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.StateMachines;

namespace Jobs.IntegrationTests;

/// <summary>
/// The two invariants at the heart of Jobs, in one store's line (the default store), on real RabbitMQ and PostgreSQL under
/// concurrent load, with handlers in the workers' process and in another service.
/// </summary>
public sealed class Ordering_Specs(TestServices services)
{
    [Fact]
    public async Task Jobs_from_eight_publishers_run_one_at_a_time_in_created_order_across_two_workers()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var script = new ScriptedJobs();
        await using var first = await WorkerHost.StartAsync(environment, script);
        await using var second = await WorkerHost.StartAsync(environment, script);
        var jobIds = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToList();

        var publishers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!)));
        try
        {
            await Task.WhenAll(publishers.Select((publisher, p) => Task.WhenAll(jobIds.Where((_, i) => i % publishers.Length == p)
                .Select(id => publisher.Bus.Publish(new SubmitJob { JobId = id, JobType = JobTypes.ProductExport }, TestContext.Current.CancellationToken)))));
        }
        finally
        {
            foreach (var publisher in publishers)
                await publisher.DisposeAsync();
        }

        var jobs = await database.WaitUntilFinishedAsync(jobIds, TimeSpan.FromMinutes(3));

        Assert.All(jobs, x => Assert.Equal(JobStatuses.Success, StatusNames.Status(x.CurrentState)));
        var byCreation = jobs.OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId).ToList();
        Assert.Equal(byCreation, jobs.OrderBy(x => x.StartedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId));
        Assert.Equal(byCreation, script.Runs.Select(x => x.JobId));
        Assert.Equal(1, script.MaxConcurrentRuns);
        for (var i = 1; i < jobs.Count; i++)
        {
            Assert.True(jobs[i].StartedAt >= jobs[i - 1].CompletedAt,
                $"job {jobs[i].CorrelationId} started at {jobs[i].StartedAt:O}, before {jobs[i - 1].CorrelationId} completed at {jobs[i - 1].CompletedAt:O}");
        }
    }

    /// <summary>
    /// The same with the type handled in another service: two worker processes send each job's RunJob to the plain AMQP
    /// handler of <c>tests/Jobs.TestHandler</c>, whose outcomes either worker may take. The handler runs up to 16 RunJobs
    /// at once, so a job sent before the one ahead of it had finished would show as an overlap in its runs.
    /// </summary>
    [Fact]
    public async Task Jobs_handled_in_another_service_run_one_at_a_time_in_created_order_across_two_workers()
    {
        var environment = RemoteHandling.Settings(await services.NewEnvironmentAsync(), TimeSpan.FromSeconds(30));
        var rabbitMq = environment["ConnectionStrings:RabbitMq"]!;
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var handler = await ServiceProcess.StartTestHandlerAsync(rabbitMq, RemoteHandling.Queue, runs);
        await using var first = await ServiceProcess.StartWorkerAsync(environment);
        await using var second = await ServiceProcess.StartWorkerAsync(environment);
        var jobIds = Enumerable.Range(0, 150).Select(_ => Guid.NewGuid()).ToList();

        var publishers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ClientBus.StartAsync(rabbitMq)));
        try
        {
            await Task.WhenAll(publishers.Select((publisher, p) => Task.WhenAll(jobIds.Where((_, i) => i % publishers.Length == p)
                .Select(id => publisher.Bus.Publish(RemoteHandling.Job(id, "succeed"), TestContext.Current.CancellationToken)))));
        }
        finally
        {
            foreach (var publisher in publishers)
                await publisher.DisposeAsync();
        }

        var jobs = await database.WaitUntilFinishedAsync(jobIds, TimeSpan.FromMinutes(3));

        Assert.All(jobs, x => Assert.Equal((JobStatuses.Success, 1), (StatusNames.Status(x.CurrentState), x.Attempt)));
        var byCreation = jobs.OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId).ToList();
        Assert.Equal(byCreation, jobs.OrderBy(x => x.StartedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId));
        var handled = runs.All();
        Assert.Equal(byCreation, handled.Select(x => x.JobId));
        for (var i = 1; i < jobs.Count; i++)
        {
            Assert.True(jobs[i].StartedAt >= jobs[i - 1].CompletedAt,
                $"job {jobs[i].CorrelationId} started at {jobs[i].StartedAt:O}, before {jobs[i - 1].CorrelationId} completed at {jobs[i - 1].CompletedAt:O}");
            Assert.True(handled[i].StartedAt >= handled[i - 1].EndedAt,
                $"the handler took job {handled[i].JobId} at {handled[i].StartedAt:O}, before it finished {handled[i - 1].JobId} at {handled[i - 1].EndedAt:O}");
        }
    }
}
