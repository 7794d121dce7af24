using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Tests.Support;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jobs.Tests;

/// <summary>
/// A job type handled in another service (<c>Jobs:Handlers:&lt;type&gt;:Queue</c>), on the in-memory harness: the spec
/// plays the handler service on its queue. Leases, pickup timeouts and timeouts run on a clock that moves only when
/// the spec moves it.
/// </summary>
public sealed class RemoteHandler_Specs
{
    const string Queue = "catalog-product-import";
    const string ImportType = JobTypes.ProductImport;
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    static readonly TimeSpan Pickup = TimeSpan.FromMinutes(2);

    readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task A_remote_run_gets_all_it_needs_and_holds_its_stores_line_until_it_reports()
    {
        await using var host = await StartAsync();
        var handler = await RemoteHandlerQueue.ConnectAsync(host.Harness.Bus, Queue);
        var (first, cancelled, second) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await host.SubmitAsync(Import(first) with { StoreId = "store-7", RequestId = "req-1" });
        await host.SubmitAsync(Import(cancelled) with { StoreId = "store-7" });
        await host.SubmitAsync(Import(second) with { StoreId = "store-7" });

        var delivery = await handler.NextAsync();
        var run = delivery.Message;
        var started = (await host.FindAsync(first))!;
        Assert.Equal((first, ImportType, "store-7", "req-1", 1), (run.JobId, run.JobType, run.StoreId, run.RequestId, run.Attempt));
        Assert.Equal(started.RunId, run.RunId);
        Assert.Equal(Import(first).Parameters, run.Parameters);
        Assert.Equal(Lease, run.Lease);
        Assert.Equal("job-state", run.ReportTo.Segments[^1]);
        Assert.Equal(Queue, started.HandlerQueue);
        // Sent with the start: it expires from the queue when the pickup timeout ends.
        Assert.Equal(Now + Pickup, started.LeaseExpiresAt);
        Assert.NotNull(delivery.ExpirationTime);

        await handler.HeartbeatAsync(run, new JobProgress(40, "Imported 400 of 1,000 rows"));
        await Eventually.HoldsAsync(async () => (await host.FindAsync(first))!.Progress is not null, TimeSpan.FromSeconds(30), () => "the progress to be recorded");
        Assert.Equal(new JobProgress(40, "Imported 400 of 1,000 rows"), (await host.FindAsync(first))!.Progress);
        Assert.Equal(Now + Lease, (await host.FindAsync(first))!.LeaseExpiresAt);
        Assert.Equal(JobStatuses.Pending, StatusNames.Status((await host.FindAsync(second))!.CurrentState));
        // Cancel only while pending, as for any job: the running one is not cancellable, the one behind it is.
        var notCancellable = await host.Client<CancelJob>().GetResponse<JobNotCancellable>(new CancelJob(first, "store-7"), Ct);
        Assert.Equal(JobStatuses.Started, notCancellable.Message.Job.Status);
        await host.Client<CancelJob>().GetResponse<JobCancelled>(new CancelJob(cancelled, "store-7"), Ct);

        var recorded = await handler.CompleteAsync(run, succeeded: false, "row 2: sku must be unique");

        Assert.Equal(JobStatuses.Failed, recorded.Status);
        var failed = (await host.FindAsync(first))!;
        Assert.NotEqual(Guid.Empty, Assert.Single(failed.Errors).Id);
        Assert.Equal("row 2: sku must be unique", failed.Errors[0].Message);
        var next = (await handler.NextAsync()).Message;
        Assert.Equal((second, 1), (next.JobId, next.Attempt));
        Assert.NotEqual(run.RunId, next.RunId);
        Assert.True((await host.FindAsync(second))!.StartedAt >= failed.CompletedAt);
        Assert.Equal(JobStatuses.Success, (await handler.CompleteAsync(next)).Status);
    }

    [Fact]
    public async Task Reports_that_do_not_name_the_live_run_and_reports_sent_twice_change_nothing()
    {
        await using var host = await StartAsync();
        var handler = await RemoteHandlerQueue.ConnectAsync(host.Harness.Bus, Queue);
        var jobId = Guid.NewGuid();
        await host.SubmitAsync(Import(jobId));
        var run = (await handler.NextAsync()).Message;

        var strangers = new[]
        {
            Outcome(run) with { RunId = Guid.NewGuid() },
            Outcome(run) with { Attempt = 2 },
        };
        foreach (var stranger in strangers)
            Assert.Equal(JobStatuses.Started, (await handler.CompleteAsync(stranger, run.ReportTo)).Status);
        var otherRun = Guid.NewGuid();
        await handler.HeartbeatAsync(run, new JobProgress(99), runId: otherRun);
        await host.Harness.Consumed.Any<JobHeartbeat>(x => x.Context.Message.RunId == otherRun, Ct);
        var untouched = (await host.FindAsync(jobId))!;
        Assert.Null(untouched.Progress);
        Assert.Null(untouched.HeartbeatAt);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var recorded = await handler.CompleteAsync(run);
        var finished = (await host.FindAsync(jobId))!;
        _clock.Advance(TimeSpan.FromSeconds(1));
        var again = await handler.CompleteAsync(Outcome(run) with { Succeeded = false, Errors = [new JobError(Guid.Empty, "late")] }, run.ReportTo);
        await handler.HeartbeatAsync(run, new JobProgress(100, "done"));
        await host.Harness.Consumed.Any<JobHeartbeat>(x => x.Context.Message.RunId == run.RunId && x.Context.Message.Progress != null, Ct);

        Assert.Equal(JobStatuses.Success, recorded.Status);
        Assert.Equal(JobStatuses.Success, again.Status);
        var after = (await host.FindAsync(jobId))!;
        Assert.Equal((finished.CompletedAt, finished.UpdatedAt), (after.CompletedAt, after.UpdatedAt));
        Assert.Empty(after.Errors);
        Assert.Null(after.Progress);
    }

    [Fact]
    public async Task Heartbeats_keep_a_remote_run_alive_past_its_lease()
    {
        await using var host = await StartAsync();
        var handler = await RemoteHandlerQueue.ConnectAsync(host.Harness.Bus, Queue);
        var jobId = Guid.NewGuid();
        await host.SubmitAsync(Import(jobId));
        var run = (await handler.NextAsync()).Message;
        var start = Now;

        // A beat per third of the lease, each seen recorded before the clock moves on; the clock ends a whole lease
        // past the first beat, where the job would have been taken for abandoned without the others.
        for (var beat = 0; beat <= 3; beat++)
        {
            var beatAt = Now;
            await handler.HeartbeatAsync(run, new JobProgress(beat * 25));
            await Eventually.HoldsAsync(async () => (await host.FindAsync(jobId))!.LeaseExpiresAt == beatAt + Lease,
                TimeSpan.FromSeconds(30), () => $"the beat at {beatAt:O} to renew the lease");
            _clock.Advance(Lease / 3);
        }

        var job = (await host.FindAsync(jobId))!;
        Assert.True(Now > start + Lease);
        Assert.Equal(JobStatuses.Started, StatusNames.Status(job.CurrentState));
        Assert.Equal((1, run.RunId), (job.Attempt, job.RunId));
        Assert.Equal(new JobProgress(75), job.Progress);
        Assert.False(handler.HasWaiting);
        Assert.Equal(JobStatuses.Success, (await handler.CompleteAsync(run)).Status);
    }

    [Fact]
    public async Task A_run_nobody_picks_up_is_offered_again_and_fails_after_the_last_attempt_saying_so()
    {
        await using var host = await StartAsync(new() { ["Jobs:Runner:MaxAttempts"] = "2" });
        var handler = await RemoteHandlerQueue.ConnectAsync(host.Harness.Bus, Queue);
        var (jobId, next) = (Guid.NewGuid(), Guid.NewGuid());
        await host.SubmitAsync(Import(jobId));
        await host.SubmitAsync(Import(next));

        var first = (await handler.NextAsync()).Message;
        // The waiting slot looks again when the pickup timeout ends; the clock must not move before it waits.
        await _clock.TimerSetAsync(Pickup);
        _clock.Advance(Pickup);
        var second = (await handler.NextAsync()).Message;
        Assert.Equal((jobId, 2), (second.JobId, second.Attempt));
        Assert.NotEqual(first.RunId, second.RunId);
        await _clock.TimerSetAsync(Pickup, times: 2);
        _clock.Advance(Pickup);

        var failed = await host.WaitForStatusAsync(jobId, JobStatuses.Failed);
        Assert.Equal($"No handler finished this job: nobody took its RunJob from queue '{Queue}' within the pickup timeout; gave up after 2 attempts.",
            Assert.Single(failed.Errors).Message);
        // The first run's report comes too late, and changes nothing; the line has moved on.
        Assert.Equal(JobStatuses.Failed, (await handler.CompleteAsync(first)).Status);
        var nextRun = (await handler.NextAsync()).Message;
        Assert.Equal((next, 1), (nextRun.JobId, nextRun.Attempt));
    }

    [Fact]
    public async Task A_handler_that_stops_reporting_is_given_up_with_that_reason_and_its_late_outcome_ignored()
    {
        await using var host = await StartAsync(new() { ["Jobs:Runner:MaxAttempts"] = "1" });
        var handler = await RemoteHandlerQueue.ConnectAsync(host.Harness.Bus, Queue);
        var jobId = Guid.NewGuid();
        await host.SubmitAsync(Import(jobId));
        var run = (await handler.NextAsync()).Message;
        await handler.HeartbeatAsync(run);
        await Eventually.HoldsAsync(async () => (await host.FindAsync(jobId))!.HeartbeatAt is not null, TimeSpan.FromSeconds(30), () => "the pickup to be recorded");

        // The slot waits out the pickup timeout it read at the start, finds the lease the heartbeat renewed, and waits for it.
        await _clock.TimerSetAsync(Pickup);
        _clock.Advance(Pickup);
        await _clock.TimerSetAsync(Lease - Pickup);
        _clock.Advance(Lease - Pickup);

        var failed = await host.WaitForStatusAsync(jobId, JobStatuses.Failed);
        Assert.Equal($"No handler finished this job: the handler on queue '{Queue}' stopped reporting (no heartbeat for {Lease}); gave up after 1 attempts.",
            Assert.Single(failed.Errors).Message);
        Assert.Equal(JobStatuses.Failed, (await handler.CompleteAsync(run)).Status);
        Assert.Equal(failed.Errors, (await host.FindAsync(jobId))!.Errors);
    }

    [Fact]
    public async Task A_remote_run_past_its_types_timeout_fails_and_its_late_outcome_is_ignored()
    {
        var limit = TimeSpan.FromMinutes(1);
        await using var host = await StartAsync(new() { [$"Jobs:Runner:Timeouts:{ImportType}"] = limit.ToString() });
        var handler = await RemoteHandlerQueue.ConnectAsync(host.Harness.Bus, Queue);
        var jobId = Guid.NewGuid();
        await host.SubmitAsync(Import(jobId));
        var run = (await handler.NextAsync()).Message;

        await _clock.TimerSetAsync(limit);
        _clock.Advance(limit);

        var failed = await host.WaitForStatusAsync(jobId, JobStatuses.Failed);
        Assert.Equal($"The {ImportType} job timed out after {limit}.", Assert.Single(failed.Errors).Message);
        Assert.Equal(limit, failed.CompletedAt - failed.StartedAt);
        Assert.Equal(JobStatuses.Failed, (await handler.CompleteAsync(run)).Status);
    }

    [Fact]
    public async Task A_worker_that_stops_leaves_a_remote_run_going_and_the_next_worker_waits_for_it()
    {
        var directory = Directory.CreateTempSubdirectory("jobs-tests-").FullName;
        var (running, next) = (Guid.NewGuid(), Guid.NewGuid());
        RunJob run;
        await using (var first = await StartAsync(databaseDirectory: directory))
        {
            var handler = await RemoteHandlerQueue.ConnectAsync(first.Harness.Bus, Queue);
            await first.SubmitAsync(Import(running));
            await first.SubmitAsync(Import(next));
            run = (await handler.NextAsync()).Message;
        }

        await using var second = await StartAsync(databaseDirectory: directory);
        var handlerAgain = await RemoteHandlerQueue.ConnectAsync(second.Harness.Bus, Queue);
        // Not handed back: the run goes on in its service, and still holds the line.
        var held = (await second.FindAsync(running))!;
        Assert.Equal((JobStatuses.Started, run.RunId), (StatusNames.Status(held.CurrentState), held.RunId));
        await Eventually.HoldsAsync(async () => (await second.FindLineAsync())!.ClaimId is not null, TimeSpan.FromSeconds(30),
            () => "the second worker to take the line over");
        Assert.Equal(JobStatuses.Pending, StatusNames.Status((await second.FindAsync(next))!.CurrentState));

        Assert.Equal(JobStatuses.Success, (await handlerAgain.CompleteAsync(run)).Status);

        var nextRun = (await handlerAgain.NextAsync()).Message;
        Assert.Equal((next, 1), (nextRun.JobId, nextRun.Attempt));
        Assert.Equal(1, (await second.FindAsync(running))!.Attempt);
    }

    [Fact]
    public async Task The_same_IJobHandler_runs_in_another_service_with_AddJobHandlerConsumer()
    {
        await using var host = await StartAsync(new()
        {
            [$"Jobs:Handlers:{JobTypes.HierarchyDuplicate}:Queue"] = "catalog-hierarchies",
        });
        var runs = new RemoteJobRuns(host.Harness.Bus, TimeProvider.System, NullLogger<RemoteJobRuns>.Instance);
        var handle = host.Harness.Bus.ConnectReceiveEndpoint("catalog-hierarchies",
            e => e.Consumer(() => new JobHandlerConsumer<DuplicatingHandler>(new DuplicatingHandler(), runs)));
        await handle.Ready;
        var (jobId, source) = (Guid.NewGuid(), Guid.NewGuid());

        await host.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = JobTypes.HierarchyDuplicate,
            StoreId = "store-7",
            Parameters = new Dictionary<string, string> { [JobParameters.CopiedFrom] = source.ToString(), ["name"] = "Copy of Shoes" },
        });

        var job = await host.WaitForStatusAsync(jobId, JobStatuses.Success);
        Assert.Equal(DuplicatingHandler.NewHierarchy(source, "store-7", "Copy of Shoes", 1), job.HierarchyId);
        Assert.Equal("catalog-hierarchies", job.HandlerQueue);
        Assert.NotNull(job.HeartbeatAt);
        await runs.StopAsync(Ct);
    }

    [Fact]
    public async Task A_report_past_a_limit_faults_and_changes_nothing()
    {
        await using var host = await StartAsync();
        var handler = await RemoteHandlerQueue.ConnectAsync(host.Harness.Bus, Queue);
        var jobId = Guid.NewGuid();
        await host.SubmitAsync(Import(jobId));
        var run = (await handler.NextAsync()).Message;

        await handler.HeartbeatAsync(run, new JobProgress(101, new string('x', JobLimits.MaxProgressMessageLength + 1)));
        var tooMany = Outcome(run) with { Succeeded = false, Errors = [.. Enumerable.Range(0, JobLimits.MaxReportedErrors + 1).Select(i => new JobError(Guid.Empty, $"row {i}"))] };
        var refused = await Assert.ThrowsAsync<RequestFaultException>(() => handler.CompleteAsync(tooMany, run.ReportTo));

        Assert.Contains(refused.Fault!.Exceptions.SelectMany(Messages), m =>
            m.Contains($"errors must have at most {JobLimits.MaxReportedErrors} entries, not {JobLimits.MaxReportedErrors + 1}.", StringComparison.Ordinal));
        Assert.True(await host.Harness.Published.Any<Fault<JobHeartbeat>>(x => x.Context.Message.Exceptions.SelectMany(Messages).Any(m =>
            m.Contains("progress.percent must be 0 to 100, not 101.", StringComparison.Ordinal)
            && m.Contains($"progress.message must be at most {JobLimits.MaxProgressMessageLength} characters", StringComparison.Ordinal)), Ct));
        var job = (await host.FindAsync(jobId))!;
        Assert.Equal(JobStatuses.Started, StatusNames.Status(job.CurrentState));
        Assert.Null(job.Progress);
        Assert.Equal(JobStatuses.Success, (await handler.CompleteAsync(run)).Status);
    }

    [Theory]
    [InlineData("Jobs:Handlers:catalog-wipe:Queue", "catalog", "Jobs:Handlers:catalog-wipe names no job type")]
    [InlineData("Jobs:Handlers:product-import:Queue", "catalog product import", "Jobs:Handlers:product-import:Queue must be 1 to 255 letters")]
    [InlineData("Jobs:Handlers:product-import:PickupTimeout", "00:00:00", "Jobs:Handlers:product-import:Queue is required")]
    [InlineData("Jobs:Handlers:product-export:Queue", "catalog-exports",
        "Jobs:Handlers:product-export:Queue sends product-export jobs to another service, yet ScriptedHandler handles them in this process")]
    public async Task A_worker_with_a_handler_configuration_it_cannot_keep_does_not_start(string key, string value, string reason)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => JobsTestHost.StartAsync(settings: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    Task<JobsTestHost> StartAsync(Dictionary<string, string?>? settings = null, string? databaseDirectory = null)
    {
        var all = new Dictionary<string, string?>
        {
            [$"Jobs:Handlers:{ImportType}:Queue"] = Queue,
            [$"Jobs:Handlers:{ImportType}:PickupTimeout"] = Pickup.ToString(),
            ["Jobs:Runner:LeaseDuration"] = Lease.ToString(),
        };
        foreach (var (key, value) in settings ?? [])
            all[key] = value;
        // In-process handlers for the types no queue takes; none for the remote ones, which the worker would refuse.
        return JobsTestHost.StartAsync(settings: all, clock: _clock, databaseDirectory: databaseDirectory, services: s =>
        {
            foreach (var jobType in JobTypes.All.Where(t => !all.ContainsKey($"Jobs:Handlers:{t}:Queue")))
                s.AddScriptedHandler(jobType);
        });
    }

    static SubmitJob Import(Guid jobId) => JobsTestHost.Command(jobId, ImportType) with
    {
        Parameters = new Dictionary<string, string> { [JobParameters.FileLocation] = "https://files.example/products.csv", ["mode"] = "upsert" },
    };

    /// <summary>A fault's exception and the exceptions inside it: the saga's own is wrapped in MassTransit's.</summary>
    static IEnumerable<string> Messages(ExceptionInfo exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            yield return e.Message;
    }

    static JobCompleted Outcome(RunJob run) => new() { JobId = run.JobId, Attempt = run.Attempt, RunId = run.RunId, Succeeded = true };
}
