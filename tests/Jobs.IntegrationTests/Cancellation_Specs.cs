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
        Assert.Equal(jobs.Values.Where(x => x.StartedAt is not null).OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId), script.Runs.Select(x => x.JobId));
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

    [Fact]
    public async Task Cancels_sent_right_behind_their_submissions_or_ahead_of_them_all_take_effect()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var script = new ScriptedJobs();
        await using var worker = await WorkerHost.StartAsync(environment, script);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        // A job that holds the line, so that every job below is pending when its cancel is handled.
        var blocker = Guid.NewGuid();
        await client.Bus.Publish(new SubmitJob { JobId = blocker, JobType = JobTypes.ProductExport, Parameters = new Dictionary<string, string> { ["behavior"] = "block" } }, Ct);
        await script.StartedAsync(blocker);

        // As a service that knows only the messages would: publish, then ask to cancel, back to back, never
        // waiting to hear that a submission was recorded; half of the cancels go out before their submissions.
        var jobIds = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToList();
        var cancels = new List<Task<Response<JobCancelled, JobNotCancellable, JobNotFound>>>();
        foreach (var (jobId, index) in jobIds.Select((id, i) => (id, i)))
        {
            var submit = new SubmitJob { JobId = jobId, JobType = JobTypes.ProductExport };
            if (index % 2 == 0)
                await client.Bus.Publish(submit, Ct);
            cancels.Add(client.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct));
            if (index % 2 == 1)
                await client.Bus.Publish(submit, Ct);
        }

        var answers = await Task.WhenAll(cancels);

        Assert.All(answers.Zip(jobIds), pair => Assert.True(pair.First.Is(out Response<JobCancelled>? _),
            $"the cancel of {pair.Second} was answered {pair.First.Message.GetType().Name}"));
        var jobs = await database.WaitUntilFinishedAsync(jobIds, TimeSpan.FromMinutes(1));
        Assert.All(jobs, job => Assert.Equal(JobStatuses.Cancelled, StatusNames.Status(job.CurrentState)));
        script.Release(blocker);
        await database.WaitForStatusAsync(blocker, JobStatuses.Success);
        Assert.Equal([blocker], script.Runs.Select(x => x.JobId));
    }

    [Fact]
    public async Task A_cancel_handled_before_its_submission_cancels_the_job_when_it_arrives()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var script = new ScriptedJobs();
        // A wait no test run comes near, so that only the order of events decides.
        await using var worker = await WorkerHost.StartAsync(environment, script,
            new Dictionary<string, string?> { ["Jobs:Cancel:WaitForSubmission"] = "00:10:00" });
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var jobId = Guid.NewGuid();

        var waiting = client.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);
        // Held until the cancel is recorded as waiting: the submission is handled after it, for certain.
        await database.WaitForEarlyCancellationAsync(jobId);
        var submitted = await client.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob { JobId = jobId, JobType = JobTypes.ProductExport }, Ct);

        Assert.Equal(JobStatuses.Cancelled, submitted.Message.Job.Status);
        Assert.True((await waiting).Is(out Response<JobCancelled>? cancelled));
        Assert.Equal(jobId, cancelled.Message.Job.JobId);
        Assert.Equal(JobStatuses.Cancelled, StatusNames.Status((await database.FindAsync(jobId))!.CurrentState));
        Assert.Empty(script.Runs);
    }

    [Fact]
    public async Task A_cancel_whose_job_never_comes_is_answered_not_found()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        await using var worker = await WorkerHost.StartAsync(environment, new ScriptedJobs(), new Dictionary<string, string?>
        {
            ["Jobs:Cancel:WaitForSubmission"] = "00:00:01",
            ["Jobs:Runner:SweepInterval"] = "00:00:00.200",
        });
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var jobId = Guid.NewGuid();

        var answer = await client.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);

        Assert.True(answer.Is(out Response<JobNotFound>? notFound), $"the cancel was answered {answer.Message.GetType().Name}");
        Assert.Equal(jobId, notFound.Message.JobId);
        Assert.Null(await database.FindAsync(jobId));
    }

    static Task SubmitAllAsync(ClientBus client, IEnumerable<Guid> jobIds, Dictionary<string, string> parameters) =>
        Task.WhenAll(jobIds.Select(jobId => client.Client<SubmitJob>().GetResponse<JobSubmitted>(
            new SubmitJob { JobId = jobId, JobType = JobTypes.ProductExport, Parameters = parameters }, Ct)));

    static Dictionary<string, string> Sleep(int milliseconds) => new() { ["behavior"] = $"sleep:{milliseconds}" };
}
