using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Jobs.IntegrationTests;

/// <summary>
/// The same SubmitJob, CancelJob and JobCompleted delivered twice over the broker: the second changes nothing
/// and announces nothing. The worker's runner is paused; the test plays the runner, starting the job in-process
/// through the worker's mediator as the runner does (the broker refuses the runner's own messages).
/// </summary>
[Trait("Category", "Faults")]
public sealed class Duplicate_Specs(TestServices services)
{
    const string Events = "duplicate-watch";
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Commands_delivered_twice_change_nothing_the_second_time()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        await using var worker = await WorkerHost.StartAsync(environment, new ScriptedJobs(),
            new Dictionary<string, string?> { ["Jobs:Runner:Enabled"] = "false" });
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        await using var connection = await new ConnectionFactory { Uri = new Uri(environment["ConnectionStrings:RabbitMq"]!) }.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        await channel.QueueDeclareAsync(Events, durable: true, exclusive: false, autoDelete: false, cancellationToken: Ct);
        foreach (var exchange in new[] { "JobSubmitted", "JobStarted", "JobSucceeded", "JobCancelled" })
        {
            await channel.ExchangeDeclareAsync($"Jobs.Contracts:{exchange}", ExchangeType.Fanout, durable: true, cancellationToken: Ct);
            await channel.QueueBindAsync(Events, $"Jobs.Contracts:{exchange}", "", cancellationToken: Ct);
        }

        var (submitted, cancelled, completed) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var commands = new[] { submitted, cancelled, completed }.Select(id => new SubmitJob { JobId = id, JobType = JobTypes.ProductExport }).ToList();
        foreach (var command in commands)
            Assert.IsType<JobSubmitted>((await client.Client<SubmitJob>().GetResponse<JobSubmitted, JobAlreadySubmitted>(command, Ct)).Message);
        await client.Client<CancelJob>().GetResponse<JobCancelled>(new CancelJob(cancelled), Ct);
        var runner = worker.Services.GetRequiredService<IMediator>().CreateRequestClient<StartJob>();
        var runId = Guid.NewGuid();
        var started = (await runner.GetResponse<JobStarted>(new StartJob(completed, runId, TimeSpan.FromMinutes(5)), Ct)).Message.Job;
        var outcome = new JobCompleted { JobId = completed, Attempt = started.Attempt, RunId = runId, Succeeded = true, FileLocations = ["https://files.example/a.csv"] };
        var complete = client.Bus.CreateRequestClient<JobCompleted>(JobEndpoints.JobStateAddress);
        await complete.GetResponse<JobCompletionRecorded>(outcome, Ct);
        var before = await database.AllJobsAsync();

        var again = await client.Client<SubmitJob>().GetResponse<JobSubmitted, JobAlreadySubmitted>(commands[0], Ct);
        var cancelAgain = await client.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable>(new CancelJob(cancelled), Ct);
        var completeAgain = await complete.GetResponse<JobCompletionRecorded>(outcome with { Succeeded = false, Errors = [new JobError(Guid.NewGuid(), "late")] }, Ct);

        Assert.True(again.Is(out Response<JobAlreadySubmitted>? _));
        Assert.True(cancelAgain.Is(out Response<JobNotCancellable>? refused));
        Assert.Equal(JobStatuses.Cancelled, refused.Message.Job.Status);
        Assert.Equal(JobStatuses.Success, completeAgain.Message.Job.Status);
        var after = await database.AllJobsAsync();
        Assert.Equal(Snapshot(before), Snapshot(after));
        var announced = (await channel.QueueDeclarePassiveAsync(Events, Ct)).MessageCount;
        Assert.Equal(3u + 1 + 1 + 1, announced);
    }

    static List<string> Snapshot(IEnumerable<JobState> jobs) =>
        [.. jobs.Select(j => $"{j.CorrelationId} {j.CurrentState} {j.Attempt} {j.UpdatedAt:O} {j.CompletedAt:O} {j.Errors.Count} {string.Join(",", j.FileLocations ?? [])}")];
}
