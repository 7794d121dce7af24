using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
using RabbitMQ.Client;

namespace Jobs.IntegrationTests;

/// <summary>
/// Job types handled in another service, on real RabbitMQ and PostgreSQL: worker processes send <c>product-import</c>
/// to the queue of <c>tests/Jobs.TestHandler</c>, a handler written against the plain AMQP client and the README's JSON
/// only, which records its runs as files (<see cref="WorkerRuns"/>) and is killed and started again as a real service
/// would be.
/// </summary>
public sealed class RemoteHandler_Specs(TestServices services)
{
    static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(3);
    static readonly TimeSpan LongLease = TimeSpan.FromSeconds(30);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_remote_run_records_its_success_and_a_failure_with_its_errors()
    {
        await using var scene = await RemoteHandlerScene.StartAsync(RemoteHandling.Settings(await services.NewEnvironmentAsync(), LongLease));
        var (succeeds, fails) = (Guid.NewGuid(), Guid.NewGuid());

        await scene.SubmitAsync(succeeds, "succeed");
        await scene.SubmitAsync(fails, "fail:row 2: sku must be unique|row 7: price is missing");

        var succeeded = await scene.Database.WaitForStatusAsync(succeeds, JobStatuses.Success);
        var failed = await scene.Database.WaitForStatusAsync(fails, JobStatuses.Failed);
        Assert.Empty(succeeded.Errors);
        Assert.Equal(["row 2: sku must be unique", "row 7: price is missing"], failed.Errors.Select(e => e.Message));
        Assert.All(failed.Errors, e => Assert.NotEqual(Guid.Empty, e.Id));
        Assert.Equal((1, 1), (succeeded.Attempt, failed.Attempt));
        Assert.Equal([(succeeds, "succeeded"), (fails, "failed")], scene.Runs.All().Select(r => (r.JobId, r.Outcome)));
        Assert.True(failed.StartedAt >= succeeded.CompletedAt, "the second job started before the first one's outcome was recorded");
    }

    [Fact]
    public async Task Progress_from_the_handlers_heartbeats_shows_in_the_api()
    {
        var environment = RemoteHandling.Settings(await services.NewEnvironmentAsync(), LongLease);
        await using var scene = await RemoteHandlerScene.StartAsync(environment);
        var (api, address) = await ServiceProcess.StartApiAsync(environment);
        await using var _ = api;
        using var http = await ApiClient.CreateAsync(address);
        var jobId = Guid.NewGuid();

        await scene.SubmitAsync(jobId, $"progress:40:Imported 400 of 1,000 rows;wait-file:{scene.Runs.ReleaseFile(jobId)}");

        JsonNode? progress = null;
        await Eventually.HoldsAsync(async () =>
        {
            progress = (await http.GetFromJsonAsync<JsonObject>($"/pcm/jobs/{jobId}", Ct))!["data"]!["meta"]!["progress"];
            return progress is not null;
        }, TimeSpan.FromSeconds(60), () => "meta.progress to show");
        Assert.Equal("""{"percent":40,"message":"Imported 400 of 1,000 rows"}""", progress!.ToJsonString());
        var job = await http.GetFromJsonAsync<JsonObject>($"/pcm/jobs/{jobId}", Ct);
        Assert.Equal(JobStatuses.Started, job!["data"]!["attributes"]!["status"]!.GetValue<string>());

        scene.Runs.Release(jobId);
        await scene.Database.WaitForStatusAsync(jobId, JobStatuses.Success);
    }

    [Fact]
    public async Task Heartbeats_keep_a_remote_run_alive_for_several_leases()
    {
        await using var scene = await RemoteHandlerScene.StartAsync(RemoteHandling.Settings(await services.NewEnvironmentAsync(), ShortLease));
        var jobId = Guid.NewGuid();

        await scene.SubmitAsync(jobId, $"wait-file:{scene.Runs.ReleaseFile(jobId)}");

        // Watched until the handler's heartbeats have carried the run past three leases: were they not renewing it, the
        // runner would have put the job back in line (pending) and offered it again (attempt 2) after the first.
        JobState? job = null;
        await Eventually.HoldsAsync(async () =>
        {
            job = await scene.Database.FindAsync(jobId);
            if (job?.StartedAt is null)
                return false;
            Assert.Equal((JobStatuses.Started, 1), (StatusNames.Status(job.CurrentState), job.Attempt));
            return job.HeartbeatAt >= job.StartedAt + 3 * ShortLease;
        }, TimeSpan.FromSeconds(60), () => $"heartbeats past three leases; the last was at {job?.HeartbeatAt:O}");
        Assert.True(job!.LeaseExpiresAt > job.StartedAt + 3 * ShortLease);
        scene.Runs.Release(jobId);

        var finished = await scene.Database.WaitForStatusAsync(jobId, JobStatuses.Success);
        Assert.Equal(1, finished.Attempt);
        Assert.Equal("succeeded", Assert.Single(scene.Runs.Of(jobId)).Outcome);
    }

    [Fact]
    [Trait("Category", "Faults")]
    public async Task A_handler_that_stops_reporting_has_its_job_offered_again_and_failed_after_the_last_attempt()
    {
        await using var scene = await RemoteHandlerScene.StartAsync(RemoteHandling.Settings(await services.NewEnvironmentAsync(), ShortLease, maxAttempts: 2));
        var (silent, next) = (Guid.NewGuid(), Guid.NewGuid());

        await scene.SubmitAsync(silent, "silent");
        await scene.SubmitAsync(next, "succeed");

        var failed = await scene.Database.WaitForStatusAsync(silent, JobStatuses.Failed);
        Assert.Equal(
            $"No handler finished this job: the handler on queue '{RemoteHandling.Queue}' stopped reporting (no heartbeat for 00:00:03); gave up after 2 attempts.",
            Assert.Single(failed.Errors).Message);
        Assert.Equal([(1, null), (2, null)], scene.Runs.Of(silent).Select(r => (r.Attempt, r.EndedAt)));
        var after = await scene.Database.WaitForStatusAsync(next, JobStatuses.Success);
        Assert.True(after.StartedAt >= failed.CompletedAt, "the next job started while the silent one held the line");
    }

    [Fact]
    [Trait("Category", "Faults")]
    public async Task A_handler_killed_mid_job_gets_the_next_attempt_when_restarted_and_the_dead_runs_late_report_changes_nothing()
    {
        var environment = RemoteHandling.Settings(await services.NewEnvironmentAsync(), ShortLease);
        await using var scene = await RemoteHandlerScene.StartAsync(environment);
        var (crashed, next) = (Guid.NewGuid(), Guid.NewGuid());
        await scene.SubmitAsync(crashed, $"wait-file:{scene.Runs.ReleaseFile(crashed)}");
        await scene.SubmitAsync(next, "succeed");
        await Eventually.HoldsAsync(() => scene.Runs.Of(crashed).Count == 1, TimeSpan.FromSeconds(60), () => "the first run to be picked up");
        var deadRun = (await scene.Database.FindAsync(crashed))!.RunId!.Value;

        await scene.Handler.KillAsync();
        await using var restarted = await ServiceProcess.StartTestHandlerAsync(scene.RabbitMqUri, RemoteHandling.Queue, scene.Runs);

        await Eventually.HoldsAsync(() => scene.Runs.Of(crashed).Count == 2, TimeSpan.FromSeconds(60), () => "the second attempt to be picked up");
        var secondRun = (await scene.Database.FindAsync(crashed))!;
        Assert.Equal(2, secondRun.Attempt);
        Assert.NotEqual(deadRun, secondRun.RunId);
        await PublishLateFailureAsync(scene.RabbitMqUri, crashed, deadRun);
        await RemoteHandling.WaitUntilReportsHandledAsync(services, environment);
        var afterLateReport = (await scene.Database.FindAsync(crashed))!;
        Assert.Equal((JobStatuses.Started, 2, secondRun.RunId), (StatusNames.Status(afterLateReport.CurrentState), afterLateReport.Attempt, afterLateReport.RunId));
        Assert.Empty(afterLateReport.Errors);
        Assert.Equal(JobStatuses.Pending, StatusNames.Status((await scene.Database.FindAsync(next))!.CurrentState));
        scene.Runs.Release(crashed);

        var recovered = await scene.Database.WaitForStatusAsync(crashed, JobStatuses.Success);
        var after = await scene.Database.WaitForStatusAsync(next, JobStatuses.Success);
        Assert.Equal(2, recovered.Attempt);
        Assert.Empty(recovered.Errors);
        var runs = scene.Runs.Of(crashed);
        Assert.Equal([(1, scene.Handler.ProcessId, null), (2, restarted.ProcessId, "succeeded")], runs.Select(r => (r.Attempt, r.ProcessId, r.Outcome)));
        Assert.True(after.StartedAt >= recovered.CompletedAt, "the job behind started before the recovered one finished");
        Assert.True(Assert.Single(scene.Runs.Of(next)).StartedAt >= runs[1].EndedAt, "the job behind ran while the recovered one did");
        Assert.Contains($"the handler on queue '{RemoteHandling.Queue}' stopped reporting", scene.Worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Faults")]
    public async Task A_job_nobody_picks_up_is_offered_again_then_failed_and_its_expired_run_jobs_never_reach_a_handler()
    {
        var pickupTimeout = TimeSpan.FromSeconds(2);
        var environment = RemoteHandling.Settings(await services.NewEnvironmentAsync(), ShortLease, maxAttempts: 2, pickupTimeout);
        await using var worker = await ServiceProcess.StartWorkerAsync(environment);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var (unclaimed, later) = (Guid.NewGuid(), Guid.NewGuid());

        await RemoteHandling.SubmitAsync(client, unclaimed, "succeed");

        var failed = await database.WaitForStatusAsync(unclaimed, JobStatuses.Failed);
        Assert.Equal(
            $"No handler finished this job: nobody took its RunJob from queue '{RemoteHandling.Queue}' within the pickup timeout; gave up after 2 attempts.",
            Assert.Single(failed.Errors).Message);
        Assert.Equal(2, failed.Attempt);
        Assert.True(failed.CompletedAt - failed.StartedAt >= pickupTimeout, "the last attempt was given up before its pickup timeout");
        Assert.Contains(
            $"Job {unclaimed} was abandoned (lease expired: No handler finished this job: nobody took its RunJob from queue '{RemoteHandling.Queue}' within the pickup timeout) on attempt 1 of 2",
            worker.Output, StringComparison.Ordinal);

        // Both RunJobs went to the queue ahead of the next job's and expired there: a handler that comes up now gets the next one only.
        using var runs = new WorkerRuns();
        await using var handler = await ServiceProcess.StartTestHandlerAsync(environment["ConnectionStrings:RabbitMq"]!, RemoteHandling.Queue, runs);
        await RemoteHandling.SubmitAsync(client, later, "succeed");
        await database.WaitForStatusAsync(later, JobStatuses.Success);
        Assert.Equal([later], runs.All().Select(r => r.JobId));
    }

    [Fact]
    public async Task A_job_completed_reported_twice_changes_nothing_the_second_time()
    {
        var environment = RemoteHandling.Settings(await services.NewEnvironmentAsync(), LongLease);
        var events = await JobEventSubscriber.SubscribeAsync(environment["ConnectionStrings:RabbitMq"]!, "duplicate-report-watch");
        await using var scene = await RemoteHandlerScene.StartAsync(environment);
        var (reported, next) = (Guid.NewGuid(), Guid.NewGuid());
        await scene.SubmitAsync(reported, $"succeed;wait-file:{scene.Runs.ReleaseFile(reported)};succeed");
        await scene.SubmitAsync(next, $"wait-file:{scene.Runs.ReleaseFile(next)}");
        var first = await scene.Database.WaitForStatusAsync(reported, JobStatuses.Success);
        await Eventually.HoldsAsync(() => scene.Runs.Of(next).Count == 1, TimeSpan.FromSeconds(60), () => "the next job to start");

        // The handler sends the same outcome again only now, so that a second recording would show as a later completion.
        scene.Runs.Release(reported);
        await Eventually.HoldsAsync(() => scene.Handler.Output.Contains($"Run {reported}.1 reported JobCompleted #2", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => "the handler to report the outcome again");
        await RemoteHandling.WaitUntilReportsHandledAsync(services, environment);

        var again = (await scene.Database.FindAsync(reported))!;
        Assert.Equal(Snapshot(first), Snapshot(again));
        var running = (await scene.Database.FindAsync(next))!;
        Assert.Equal((JobStatuses.Started, 1), (StatusNames.Status(running.CurrentState), running.Attempt));
        scene.Runs.Release(next);
        await scene.Database.WaitForStatusAsync(next, JobStatuses.Success);
        await scene.Database.WaitForEmptyOutboxAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ReceivedJobEvents.Succeeded, (await events.DrainAsync()).Of(reported));
    }

    /// <summary>
    /// A job's only worker dies while the job runs in another service, and a new worker replaces it: the run goes on
    /// (the broker keeps its heartbeats for the new worker), the new worker takes the line over and waits for that run
    /// rather than starting it again, and the job behind starts only once its outcome is recorded. The lease is long here:
    /// no worker takes the heartbeats in between the kill and the new worker's start, so a start slower than the lease
    /// would find the run's lease run out and offer the job again, as the README allows.
    /// </summary>
    [Fact]
    [Trait("Category", "Faults")]
    public async Task A_worker_killed_while_a_remote_run_is_live_leaves_the_run_to_the_next_worker_and_the_line_in_order()
    {
        var environment = RemoteHandling.Settings(await services.NewEnvironmentAsync(), TimeSpan.FromSeconds(15));
        await using var scene = await RemoteHandlerScene.StartAsync(environment);
        var (running, waiting) = (Guid.NewGuid(), Guid.NewGuid());
        await scene.SubmitAsync(running, $"wait-file:{scene.Runs.ReleaseFile(running)}");
        await scene.SubmitAsync(waiting, "succeed");
        await Eventually.HoldsAsync(() => scene.Runs.Of(running).Count == 1, TimeSpan.FromSeconds(60), () => "the first run to be picked up");

        await scene.Worker.KillAsync();
        await using var replacement = await ServiceProcess.StartWorkerAsync(environment);
        await Eventually.HoldsAsync(() => replacement.Output.Contains($"Job {running} ({JobTypes.ProductImport}) runs in another service", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), () => "the new worker to take the line over and wait for the run");
        Assert.Equal(JobStatuses.Pending, StatusNames.Status((await scene.Database.FindAsync(waiting))!.CurrentState));
        scene.Runs.Release(running);

        var finished = await scene.Database.WaitForStatusAsync(running, JobStatuses.Success);
        var after = await scene.Database.WaitForStatusAsync(waiting, JobStatuses.Success);
        Assert.Equal(1, finished.Attempt);
        Assert.True(after.StartedAt >= finished.CompletedAt, "the job behind started before the first one's outcome was recorded");
        var runs = scene.Runs.All();
        Assert.Equal([(running, 1), (waiting, 1)], runs.Select(r => (r.JobId, r.Attempt)));
        Assert.True(runs[1].StartedAt >= runs[0].EndedAt, "the job behind ran while the first one did");
        Assert.DoesNotContain("abandoned", replacement.Output, StringComparison.Ordinal);
    }

    /// <summary>The README's <c>job-completed</c> example, from a run that is no longer the job's live run.</summary>
    static async Task PublishLateFailureAsync(string rabbitMqUri, Guid jobId, Guid runId)
    {
        var envelope = Readme.Example("job-completed");
        envelope["messageId"] = Guid.NewGuid().ToString();
        envelope["message"]!["jobId"] = jobId.ToString();
        envelope["message"]!["attempt"] = 1;
        envelope["message"]!["runId"] = runId.ToString();
        await using var connection = await new ConnectionFactory { Uri = new Uri(rabbitMqUri) }.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), Ct);
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync(JobEndpoints.JobState, "", mandatory: false, properties, Encoding.UTF8.GetBytes(envelope.ToJsonString()), Ct);
    }

    static string Snapshot(JobState job) =>
        $"{job.CurrentState} {job.Attempt} {job.StartedAt:O} {job.CompletedAt:O} {job.UpdatedAt:O} {job.Errors.Count} {job.RunId} {job.LeaseExpiresAt:O}";
}
