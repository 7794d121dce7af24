using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.StateMachines;
using MassTransit;

namespace Jobs.IntegrationTests;

/// <summary>Cancellation racing the runner, on real RabbitMQ and PostgreSQL.</summary>
public sealed class Cancellation_Specs(TestServices services)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancelling_half_of_the_jobs_while_the_runner_works_never_cancels_a_started_job()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var script = new ScriptedJobs();
        await using var first = await WorkerHost.StartAsync(environment, script);
        await using var second = await WorkerHost.StartAsync(environment, script);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        // The runner races the cancels through the jobs ahead of a gate, which it cannot pass until the cancels are
        // answered: the jobs behind it are sure to be pending when theirs arrive, however fast either side is.
        var ahead = Enumerable.Range(0, 150).Select(_ => Guid.NewGuid()).ToList();
        var gate = Guid.NewGuid();
        var behind = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        // Submitted as requests, batch after batch: a job can only be cancelled once it is recorded, and each batch
        // is in line before the next.
        await SubmitAllAsync(client, ahead, Sleep(3));
        await SubmitAllAsync(client, [gate], new Dictionary<string, string> { ["behavior"] = "block" });
        await SubmitAllAsync(client, behind, Sleep(3));
        List<Guid> jobIds = [.. ahead, gate, .. behind];

        var toCancel = ahead.OrderBy(_ => Random.Shared.Next()).Take(ahead.Count / 2)
            .Concat(behind.OrderBy(_ => Random.Shared.Next()).Take(behind.Count / 2)).ToList();
        var replies = await Task.WhenAll(toCancel.Select(async jobId =>
            (jobId, reply: await client.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct))));
        script.Release(gate);
        var jobs = (await database.WaitUntilFinishedAsync(jobIds, TimeSpan.FromMinutes(3))).ToDictionary(x => x.CorrelationId);

        var ran = script.Runs.Select(x => x.JobId).ToHashSet();
        var cancelled = new HashSet<Guid>();
        foreach (var (jobId, reply) in replies)
        {
            if (reply.Is(out Response<JobCancelled>? _))
            {
                cancelled.Add(jobId);
                Assert.Equal(JobStatuses.Cancelled, StatusNames.Status(jobs[jobId].CurrentState));
                Assert.Null(jobs[jobId].StartedAt);
                Assert.DoesNotContain(jobId, ran);
            }
            else
            {
                Assert.True(reply.Is(out Response<JobNotCancellable>? refused), $"cancel of {jobId} answered {reply.Message.GetType().Name}");
                Assert.Contains(refused.Message.Job.Status, new[] { JobStatuses.Started, JobStatuses.Success });
                Assert.Contains(jobId, ran);
                Assert.Equal(JobStatuses.Success, StatusNames.Status(jobs[jobId].CurrentState));
            }
        }

        Assert.Superset(toCancel.Intersect(behind).ToHashSet(), cancelled);
        Assert.All(jobs.Values.Where(x => !cancelled.Contains(x.CorrelationId)), x =>
        {
            Assert.Equal(JobStatuses.Success, StatusNames.Status(x.CurrentState));
            Assert.Contains(x.CorrelationId, ran);
        });
        Assert.Equal(jobs.Values.Where(x => x.StartedAt is not null).OrderBy(x => x.Sequence).Select(x => x.CorrelationId), script.Runs.Select(x => x.JobId));
        Assert.Equal(1, script.MaxConcurrentRuns);
        var (counters, table) = await database.CountsAsync();
        Assert.Equal(table, counters);
    }

    [Fact]
    public async Task Cancel_of_a_started_or_finished_job_is_refused_with_its_status_and_of_an_unknown_job_is_not_found()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var script = new ScriptedJobs();
        await using var worker = await WorkerHost.StartAsync(environment, script);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var (finished, running) = (Guid.NewGuid(), Guid.NewGuid());
        await client.Bus.Publish(new SubmitJob { JobId = finished, JobType = JobTypes.ProductExport }, Ct);
        await database.WaitForStatusAsync(finished, JobStatuses.Success);
        await client.Bus.Publish(new SubmitJob { JobId = running, JobType = JobTypes.ProductExport, Parameters = new Dictionary<string, string> { ["behavior"] = "block" } }, Ct);
        await script.StartedAsync(running);

        var ofRunning = await client.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(running), Ct);
        var ofFinished = await client.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(finished), Ct);
        var ofUnknown = await client.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(Guid.NewGuid()), Ct);

        Assert.True(ofRunning.Is(out Response<JobNotCancellable>? runningRefused));
        Assert.Equal(JobStatuses.Started, runningRefused.Message.Job.Status);
        Assert.True(ofFinished.Is(out Response<JobNotCancellable>? finishedRefused));
        Assert.Equal(JobStatuses.Success, finishedRefused.Message.Job.Status);
        Assert.True(ofUnknown.Is(out Response<JobNotFound>? _));
        script.Release(running);
        await database.WaitForStatusAsync(running, JobStatuses.Success);
    }

    static Task SubmitAllAsync(ClientBus client, IEnumerable<Guid> jobIds, Dictionary<string, string> parameters) =>
        Task.WhenAll(jobIds.Select(jobId => client.Client<SubmitJob>().GetResponse<JobSubmitted>(
            new SubmitJob { JobId = jobId, JobType = JobTypes.ProductExport, Parameters = parameters }, Ct)));

    static Dictionary<string, string> Sleep(int milliseconds) => new() { ["behavior"] = $"sleep:{milliseconds}" };
}
