using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
using Jobs.Worker.Validation;
using MassTransit;
using MassTransit.Testing;

namespace Jobs.Tests;

/// <summary>
/// The saga's rules (docs/design.md, "The saga"), with the test playing the runner (the worker's own runner is
/// paused) and holding the clock: every timestamp and lease is the test's time.
/// </summary>
public sealed class JobStateMachine_Specs : IAsyncLifetime
{
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(10);
    readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero));
    JobsTestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await JobsTestHost.StartAsync(runner: false, clock: _clock,
        settings: new Dictionary<string, string?> { ["Jobs:Cancel:WaitForSubmission"] = CancelWait.ToString() });

    DateTime Now => _clock.GetUtcNow().UtcDateTime;

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_records_a_pending_job_and_announces_it()
    {
        var jobId = Guid.NewGuid();

        var reply = await _host.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = JobTypes.ProductExport,
            RequestId = "req-42",
            StoreId = "store-1",
            Parameters = new Dictionary<string, string> { [JobParameters.Filter] = "eq(sku,product-1)", ["locale"] = "en-GB" },
        });

        Assert.Equal(jobId, reply.Job.JobId);
        Assert.Equal(JobStatuses.Pending, reply.Job.Status);
        var job = (await _host.FindAsync(jobId))!;
        Assert.Equal(JobStatuses.Pending, StatusNames.Status(job.CurrentState));
        Assert.Equal(JobTypes.ProductExport, job.JobType);
        Assert.Equal("req-42", job.RequestId);
        Assert.Equal("store-1", job.StoreId);
        Assert.Equal(new Dictionary<string, string> { [JobParameters.Filter] = "eq(sku,product-1)", ["locale"] = "en-GB" }, job.Parameters);
        Assert.Equal(0, job.Attempt);
        Assert.Null(job.StartedAt);
        Assert.Null(job.CompletedAt);
        Assert.Equal(Now, job.CreatedAt);
        Assert.Equal(Now, job.UpdatedAt);
        Assert.Equal(DateTimeKind.Utc, job.CreatedAt.Kind);
        Assert.True(await _host.Harness.Published.Any<JobSubmitted>(x => x.Context.Message.Job.JobId == jobId, Ct));
        Assert.True(await _host.Harness.Published.Any<RunJobs>(Ct));
    }

    [Fact]
    public async Task Submit_without_a_request_id_uses_the_job_id()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        Assert.Equal(jobId.ToString(), (await _host.FindAsync(jobId))!.RequestId);
    }

    [Fact]
    public async Task Submit_of_an_existing_job_id_changes_nothing_and_answers_duplicate()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(new SubmitJob { JobId = jobId, JobType = JobTypes.ProductExport, Parameters = new Dictionary<string, string> { [JobParameters.Filter] = "first" } });
        var before = (await _host.FindAsync(jobId))!;
        _clock.Advance(TimeSpan.FromSeconds(1));

        var response = await _host.Client<SubmitJob>().GetResponse<JobSubmitted, JobAlreadySubmitted>(
            new SubmitJob { JobId = jobId, JobType = JobTypes.PriceImport, Parameters = new Dictionary<string, string> { [JobParameters.FileLocation] = "https://files.example/other.jsonl" } }, Ct);

        Assert.True(response.Is(out Response<JobAlreadySubmitted>? duplicate));
        Assert.Equal(JobStatuses.Pending, duplicate.Message.Job.Status);
        var after = (await _host.FindAsync(jobId))!;
        Assert.Equal(JobTypes.ProductExport, after.JobType);
        Assert.Equal(new Dictionary<string, string> { [JobParameters.Filter] = "first" }, after.Parameters);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(before.Sequence, after.Sequence);
        Assert.Single(await _host.AllJobsAsync());
        Assert.Single(_host.Harness.Published.Select<JobSubmitted>(x => x.Context.Message.Job.JobId == jobId, Ct));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", JobTypes.ProductExport, "jobId must be a non-empty UUID.")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a01", "product-delete", "jobType 'product-delete' is not a job type; it must be one of child-products, product-import, product-export, hierarchy-duplicate, price-import.")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a02", "", "jobType is required; it must be one of child-products, product-import, product-export, hierarchy-duplicate, price-import.")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a03", JobTypes.ProductImport, "parameters.file_location is required for a product-import job (where the uploaded file is stored).")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a04", JobTypes.PriceImport, "parameters.file_location is required for a price-import job (where the uploaded file is stored).")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a05", JobTypes.HierarchyDuplicate, "parameters.copied_from is required for a hierarchy-duplicate job (the hierarchy to copy).")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a06", JobTypes.ChildProducts, "parameters.product_id is required for a child-products job (the parent product).")]
    public async Task Submit_of_an_invalid_job_faults_and_stores_nothing(string jobId, string jobType, string reason)
    {
        var command = new SubmitJob { JobId = Guid.Parse(jobId), JobType = jobType };

        var fault = await Assert.ThrowsAsync<RequestFaultException>(() => _host.Client<SubmitJob>().GetResponse<JobSubmitted>(command, Ct));

        // The state machine wraps what its activity threw; the reason is the inner exception.
        var rejection = Assert.Single(fault.Fault!.Exceptions).InnerException!;
        Assert.Equal(typeof(InvalidJobException).FullName, rejection.ExceptionType);
        Assert.Equal($"SubmitJob rejected: {reason}", rejection.Message);
        Assert.Empty(await _host.AllJobsAsync());
    }

    [Fact]
    public async Task Submit_of_an_invalid_job_by_publish_publishes_a_fault()
    {
        var command = new SubmitJob { JobId = Guid.NewGuid(), JobType = JobTypes.ProductImport };

        await _host.Harness.Bus.Publish(command, Ct);

        Assert.True(await _host.Harness.Published.Any<Fault<SubmitJob>>(x => x.Context.Message.Message.JobId == command.JobId, Ct));
        var fault = _host.Harness.Published.Select<Fault<SubmitJob>>(Ct).Single().Context.Message;
        Assert.Equal("SubmitJob rejected: parameters.file_location is required for a product-import job (where the uploaded file is stored).",
            fault.Exceptions.Single().InnerException!.Message);
        Assert.Empty(await _host.AllJobsAsync());
    }

    [Fact]
    public async Task Submit_of_an_invalid_job_does_not_disturb_the_others()
    {
        var good = Guid.NewGuid();
        await Assert.ThrowsAsync<RequestFaultException>(() =>
            _host.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob { JobId = Guid.NewGuid(), JobType = "nope" }, Ct));

        await _host.SubmitAsync(good);

        Assert.Equal([good], (await _host.AllJobsAsync()).Select(x => x.CorrelationId));
    }

    [Fact]
    public async Task Cancel_of_a_pending_job_cancels_it()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var created = Now;
        _clock.Advance(TimeSpan.FromSeconds(2));

        var response = await _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);

        Assert.True(response.Is(out Response<JobCancelled>? cancelled));
        Assert.Equal(JobStatuses.Cancelled, cancelled.Message.Job.Status);
        var job = (await _host.FindAsync(jobId))!;
        Assert.Equal(JobStatuses.Cancelled, StatusNames.Status(job.CurrentState));
        Assert.Equal(created, job.CreatedAt);
        Assert.Equal(Now, job.UpdatedAt);
        Assert.Null(job.StartedAt);
        Assert.Null(job.CompletedAt);
        Assert.True(await _host.Harness.Published.Any<JobCancelled>(x => x.Context.Message.Job.JobId == jobId, Ct));
    }

    [Fact]
    public async Task Cancel_of_a_started_job_is_refused_with_its_status()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        await StartAsync(jobId, Guid.NewGuid());

        var response = await _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);

        Assert.True(response.Is(out Response<JobNotCancellable>? refused));
        Assert.Equal(JobStatuses.Started, refused.Message.Job.Status);
        Assert.Equal(JobStatuses.Started, StatusNames.Status((await _host.FindAsync(jobId))!.CurrentState));
    }

    [Theory]
    [InlineData(true, JobStatuses.Success)]
    [InlineData(false, JobStatuses.Failed)]
    public async Task Cancel_of_a_finished_job_is_refused_with_its_status(bool succeeded, string status)
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var runId = Guid.NewGuid();
        await StartAsync(jobId, runId);
        await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = 1, RunId = runId, Succeeded = succeeded });

        var response = await _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);

        Assert.True(response.Is(out Response<JobNotCancellable>? refused));
        Assert.Equal(status, refused.Message.Job.Status);
    }

    [Fact]
    public async Task Cancel_of_a_cancelled_job_is_refused_and_changes_nothing()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        await _host.Client<CancelJob>().GetResponse<JobCancelled>(new CancelJob(jobId), Ct);
        var first = (await _host.FindAsync(jobId))!;

        var response = await _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);

        Assert.True(response.Is(out Response<JobNotCancellable>? refused));
        Assert.Equal(JobStatuses.Cancelled, refused.Message.Job.Status);
        Assert.Equal(first.UpdatedAt, (await _host.FindAsync(jobId))!.UpdatedAt);
        Assert.Single(_host.Harness.Published.Select<JobCancelled>(x => x.Context.Message.Job.JobId == jobId, Ct));
    }

    [Fact]
    public async Task A_cancel_that_arrives_before_its_job_cancels_the_job_when_it_arrives()
    {
        var jobId = Guid.NewGuid();
        var cancel = _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);
        await _host.WaitForEarlyCancellationAsync(jobId);
        _clock.Advance(CancelWait - TimeSpan.FromMilliseconds(1));

        var submitted = await _host.SubmitAsync(jobId);
        var answer = await cancel;

        Assert.Equal(JobStatuses.Cancelled, submitted.Job.Status);
        Assert.True(answer.Is(out Response<JobCancelled>? cancelled), $"the canceller was answered {answer.Message.GetType().Name}");
        Assert.Equal(JobStatuses.Cancelled, cancelled.Message.Job.Status);
        var job = (await _host.FindAsync(jobId))!;
        Assert.Equal(JobStatuses.Cancelled, StatusNames.Status(job.CurrentState));
        Assert.Null(job.StartedAt);
        Assert.Equal(Now, job.CreatedAt);
        Assert.Empty(await _host.EarlyCancellationsAsync());
        await _host.Harness.InactivityTask;
        Assert.Single(_host.Harness.Published.Select<JobSubmitted>(Ct), x => x.Context.Message.Job.JobId == jobId);
        Assert.Single(_host.Harness.Published.Select<JobCancelled>(Ct), x => x.Context.Message.Job.JobId == jobId);
        Assert.False(_host.Harness.Published.Select<RunJobs>(Ct).Any(), "a cancelled job woke the runner");
    }

    [Fact]
    public async Task A_cancel_for_a_job_that_never_arrives_is_answered_not_found_once_its_wait_is_over()
    {
        var jobId = Guid.NewGuid();
        var cancel = _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);
        await _host.WaitForEarlyCancellationAsync(jobId);
        Assert.False(cancel.IsCompleted, "the cancel was answered before its wait was over");
        // The sweep answers it: its timer must be running before the clock moves past the wait.
        await _clock.TimerSetAsync(TimeSpan.FromMilliseconds(200));

        _clock.Advance(CancelWait);
        var answer = await cancel;

        Assert.True(answer.Is(out Response<JobNotFound>? notFound), $"the canceller was answered {answer.Message.GetType().Name}");
        Assert.Equal(jobId, notFound.Message.JobId);
        await Eventually.HoldsAsync(async () => (await _host.EarlyCancellationsAsync()).Count == 0, TimeSpan.FromSeconds(10), () => "the cancel to be forgotten");
        Assert.Empty(await _host.AllJobsAsync());
    }

    [Fact]
    public async Task A_job_that_arrives_after_its_cancels_wait_is_not_cancelled()
    {
        // Sweeps only when the test says, so that the job arrives while the expired cancel is still recorded.
        var sweep = TimeSpan.FromHours(1);
        await using var host = await JobsTestHost.StartAsync(runner: false, clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Jobs:Cancel:WaitForSubmission"] = CancelWait.ToString(),
            ["Jobs:Runner:SweepInterval"] = sweep.ToString(),
        });
        var jobId = Guid.NewGuid();
        var cancel = host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);
        await host.WaitForEarlyCancellationAsync(jobId);
        _clock.Advance(CancelWait);

        var submitted = await host.SubmitAsync(jobId);
        await _clock.TimerSetAsync(sweep);
        _clock.Advance(sweep);
        var answer = await cancel;

        Assert.Equal(JobStatuses.Pending, submitted.Job.Status);
        Assert.True(answer.Is(out Response<JobNotFound>? _), $"the canceller was answered {answer.Message.GetType().Name}");
        Assert.Equal(JobStatuses.Pending, StatusNames.Status((await host.FindAsync(jobId))!.CurrentState));
    }

    [Fact]
    public async Task With_no_wait_a_cancel_for_an_unknown_job_is_answered_not_found_at_once()
    {
        await using var host = await JobsTestHost.StartAsync(runner: false, clock: _clock,
            settings: new Dictionary<string, string?> { ["Jobs:Cancel:WaitForSubmission"] = "00:00:00" });
        var jobId = Guid.NewGuid();

        var response = await host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);

        Assert.True(response.Is(out Response<JobNotFound>? notFound));
        Assert.Equal(jobId, notFound.Message.JobId);
        Assert.Empty(await host.AllJobsAsync());
        Assert.Empty(await host.EarlyCancellationsAsync());
    }

    [Fact]
    public async Task Start_of_a_pending_job_starts_it_with_a_lease()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var runId = Guid.NewGuid();

        var started = await StartAsync(jobId, runId);

        Assert.Equal(JobStatuses.Started, started.Status);
        Assert.Equal(1, started.Attempt);
        var job = (await _host.FindAsync(jobId))!;
        Assert.Equal(runId, job.RunId);
        Assert.Equal(Now, job.StartedAt);
        Assert.Equal(Now, job.UpdatedAt);
        Assert.Equal(Now + Lease, job.LeaseExpiresAt);
        Assert.Null(job.CompletedAt);
        Assert.True(await _host.Harness.Published.Any<JobStarted>(x => x.Context.Message.Job.JobId == jobId, Ct));
    }

    [Fact]
    public async Task Start_of_a_cancelled_job_is_refused()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        await _host.Client<CancelJob>().GetResponse<JobCancelled>(new CancelJob(jobId), Ct);

        var response = await _host.RunnerClient<StartJob>().GetResponse<JobStarted, JobNotStartable>(new StartJob(jobId, Guid.NewGuid(), Lease), Ct);

        Assert.True(response.Is(out Response<JobNotStartable>? refused));
        Assert.Equal(JobStatuses.Cancelled, refused.Message.Job.Status);
        Assert.Null((await _host.FindAsync(jobId))!.StartedAt);
    }

    [Fact]
    public async Task Start_by_a_second_run_is_refused_but_a_retried_start_of_the_same_run_is_answered_again()
    {
        var jobId = Guid.NewGuid();
        var runId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        await StartAsync(jobId, runId);

        var other = await _host.RunnerClient<StartJob>().GetResponse<JobStarted, JobNotStartable>(new StartJob(jobId, Guid.NewGuid(), Lease), Ct);
        var again = await _host.RunnerClient<StartJob>().GetResponse<JobStarted, JobNotStartable>(new StartJob(jobId, runId, Lease), Ct);

        Assert.True(other.Is(out Response<JobNotStartable>? _));
        Assert.True(again.Is(out Response<JobStarted>? repeated));
        Assert.Equal(1, repeated.Message.Job.Attempt);
        Assert.Single(_host.Harness.Published.Select<JobStarted>(x => x.Context.Message.Job.JobId == jobId, Ct));
    }

    [Fact]
    public async Task Start_of_a_job_while_another_is_started_is_refused_until_that_one_finishes()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await _host.SubmitAsync(first);
        await _host.SubmitAsync(second);
        var runId = Guid.NewGuid();
        var running = await StartAsync(first, runId);

        var refused = await _host.RunnerClient<StartJob>().GetResponse<JobStarted, JobNotStartable>(new StartJob(second, Guid.NewGuid(), Lease), Ct);
        await CompleteAsync(new JobCompleted { JobId = first, Attempt = running.Attempt, RunId = runId, Succeeded = true });
        var accepted = await _host.RunnerClient<StartJob>().GetResponse<JobStarted, JobNotStartable>(new StartJob(second, Guid.NewGuid(), Lease), Ct);

        Assert.True(refused.Is(out Response<JobNotStartable>? busy));
        Assert.Equal(JobStatuses.Pending, busy.Message.Job.Status);
        Assert.True(accepted.Is(out Response<JobStarted>? _));
        Assert.Equal(1, (await _host.FindAsync(second))!.Attempt);
    }

    [Fact]
    public async Task Completion_records_success_with_its_results()
    {
        var jobId = Guid.NewGuid();
        var newHierarchy = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var runId = Guid.NewGuid();
        var started = await StartAsync(jobId, runId);
        _clock.Advance(TimeSpan.FromMinutes(3));

        var recorded = await CompleteAsync(new JobCompleted
        {
            JobId = jobId,
            Attempt = started.Attempt,
            RunId = runId,
            Succeeded = true,
            FileLocations = ["https://files.example/export_part_1.csv"],
            HierarchyId = newHierarchy,
        });

        Assert.Equal(JobStatuses.Success, recorded.Status);
        var job = (await _host.FindAsync(jobId))!;
        Assert.Equal(started.StartedAt, job.StartedAt);
        Assert.Equal(Now, job.CompletedAt);
        Assert.Equal(Now, job.UpdatedAt);
        Assert.Equal(["https://files.example/export_part_1.csv"], job.FileLocations);
        Assert.Equal(newHierarchy, job.HierarchyId);
        Assert.Empty(job.Errors);
        Assert.Null(job.RunId);
        Assert.Null(job.LeaseExpiresAt);
        Assert.True(await _host.Harness.Published.Any<JobSucceeded>(x => x.Context.Message.Job.JobId == jobId, Ct));
    }

    [Fact]
    public async Task Completion_records_failure_with_its_errors()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var runId = Guid.NewGuid();
        await StartAsync(jobId, runId);
        var errors = new[] { new JobError(Guid.NewGuid(), "data.attributes.sku: Must be unique amongst products.") };

        var recorded = await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = 1, RunId = runId, Succeeded = false, Errors = errors });

        Assert.Equal(JobStatuses.Failed, recorded.Status);
        Assert.Equal(errors, (await _host.FindAsync(jobId))!.Errors);
        Assert.True(await _host.Harness.Published.Any<JobFailed>(x => x.Context.Message.Job.JobId == jobId && x.Context.Message.Errors.SequenceEqual(errors), Ct));
    }

    [Fact]
    public async Task Failure_without_errors_still_reports_one()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var runId = Guid.NewGuid();
        await StartAsync(jobId, runId);

        await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = 1, RunId = runId, Succeeded = false });

        var error = Assert.Single((await _host.FindAsync(jobId))!.Errors);
        Assert.Equal("The job failed without reporting an error.", error.Message);
    }

    [Fact]
    public async Task Completion_of_a_pending_job_changes_nothing()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);

        var recorded = await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = 1, RunId = Guid.NewGuid(), Succeeded = true });

        Assert.Equal(JobStatuses.Pending, recorded.Status);
        Assert.Null((await _host.FindAsync(jobId))!.CompletedAt);
    }

    [Fact]
    public async Task A_finished_job_never_goes_back()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var runId = Guid.NewGuid();
        var started = await StartAsync(jobId, runId);
        await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = started.Attempt, RunId = runId, Succeeded = true });
        var finished = (await _host.FindAsync(jobId))!;

        var secondCompletion = await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = started.Attempt, RunId = runId, Succeeded = false });
        var restart = await _host.RunnerClient<StartJob>().GetResponse<JobStarted, JobNotStartable>(new StartJob(jobId, Guid.NewGuid(), Lease), Ct);
        var putBack = await _host.RunnerClient<PutJobBackInLine>().GetResponse<JobPutBackInLine>(new PutJobBackInLine(jobId, started.Attempt, ReleaseAttempt: false), Ct);
        var cancel = await _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable>(new CancelJob(jobId), Ct);

        Assert.Equal(JobStatuses.Success, secondCompletion.Status);
        Assert.True(restart.Is(out Response<JobNotStartable>? _));
        Assert.Equal(JobStatuses.Success, putBack.Message.Job.Status);
        Assert.True(cancel.Is(out Response<JobNotCancellable>? _));
        var after = (await _host.FindAsync(jobId))!;
        Assert.Equal(JobStatuses.Success, StatusNames.Status(after.CurrentState));
        Assert.Equal(finished.UpdatedAt, after.UpdatedAt);
        Assert.Equal(finished.CompletedAt, after.CompletedAt);
    }

    [Fact]
    public async Task Completion_from_an_abandoned_attempt_is_ignored()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var firstRun = Guid.NewGuid();
        var first = await StartAsync(jobId, firstRun);
        await _host.RunnerClient<PutJobBackInLine>().GetResponse<JobPutBackInLine>(new PutJobBackInLine(jobId, first.Attempt, ReleaseAttempt: false), Ct);
        var secondRun = Guid.NewGuid();
        var second = await StartAsync(jobId, secondRun);

        var stale = await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = first.Attempt, RunId = firstRun, Succeeded = false });
        // The live run's id with the dead attempt's number is no better.
        var mixed = await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = first.Attempt, RunId = secondRun, Succeeded = false });

        Assert.Equal(2, second.Attempt);
        Assert.Equal(JobStatuses.Started, stale.Status);
        Assert.Equal(JobStatuses.Started, mixed.Status);
        Assert.Empty((await _host.FindAsync(jobId))!.Errors);
    }

    [Fact]
    public async Task Putting_a_started_job_back_in_line_keeps_its_place()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await _host.SubmitAsync(first);
        await _host.SubmitAsync(second);
        var before = (await _host.FindAsync(first))!;
        var started = await StartAsync(first, Guid.NewGuid());

        var putBack = await _host.RunnerClient<PutJobBackInLine>().GetResponse<JobPutBackInLine>(new PutJobBackInLine(first, started.Attempt, ReleaseAttempt: false), Ct);

        Assert.Equal(JobStatuses.Pending, putBack.Message.Job.Status);
        var job = (await _host.FindAsync(first))!;
        Assert.Equal(before.Sequence, job.Sequence);
        Assert.Equal(before.CreatedAt, job.CreatedAt);
        Assert.Null(job.StartedAt);
        Assert.Null(job.RunId);
        Assert.Equal(1, job.Attempt);
        Assert.Equal(first, (await _host.AllJobsAsync()).OrderBy(x => x.Sequence).First(x => x.CurrentState == "Pending").CorrelationId);
    }

    [Fact]
    public async Task Putting_a_job_back_on_hand_back_does_not_spend_an_attempt()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var started = await StartAsync(jobId, Guid.NewGuid());

        await _host.RunnerClient<PutJobBackInLine>().GetResponse<JobPutBackInLine>(new PutJobBackInLine(jobId, started.Attempt, ReleaseAttempt: true), Ct);

        Assert.Equal(0, (await _host.FindAsync(jobId))!.Attempt);
    }

    [Fact]
    public async Task Lease_renewal_by_the_run_holding_the_job_extends_it_and_others_are_ignored()
    {
        var jobId = Guid.NewGuid();
        var runId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        await _host.RunnerClient<StartJob>().GetResponse<JobStarted>(new StartJob(jobId, runId, TimeSpan.FromSeconds(1)), Ct);
        await _host.Mediator.Send(new RenewJobLease(jobId, Guid.NewGuid(), TimeSpan.FromHours(2)), Ct);
        await _host.Mediator.Send(new RenewJobLease(jobId, runId, TimeSpan.FromHours(1)), Ct);

        // The mediator's Send returns once the saga has handled the message and committed.
        var job = (await _host.FindAsync(jobId))!;
        Assert.Equal(Now + TimeSpan.FromHours(1), job.LeaseExpiresAt);
        Assert.Equal(job.StartedAt, job.UpdatedAt);
    }

    [Fact]
    public async Task Cancel_and_start_racing_for_the_same_jobs_have_exactly_one_winner_each()
    {
        var jobIds = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        foreach (var jobId in jobIds)
            await _host.SubmitAsync(jobId);

        var races = jobIds.Select(async jobId =>
        {
            var cancel = _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable>(new CancelJob(jobId), Ct);
            var start = _host.RunnerClient<StartJob>().GetResponse<JobStarted, JobNotStartable>(new StartJob(jobId, Guid.NewGuid(), Lease), Ct);
            var (cancelResponse, startResponse) = (await cancel, await start);
            return (jobId, cancelled: cancelResponse.Is(out Response<JobCancelled>? _), started: startResponse.Is(out Response<JobStarted>? _));
        });
        var outcomes = await Task.WhenAll(races);

        foreach (var (jobId, cancelled, started) in outcomes)
        {
            Assert.True(cancelled ^ started, $"job {jobId}: cancelled={cancelled}, started={started}");
            var job = (await _host.FindAsync(jobId))!;
            Assert.Equal(cancelled ? JobStatuses.Cancelled : JobStatuses.Started, StatusNames.Status(job.CurrentState));
            Assert.Equal(cancelled, job.StartedAt is null);
        }
    }

    [Fact]
    public async Task Places_in_line_follow_submission_order()
    {
        var jobIds = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();
        var createdAt = new List<DateTime>();
        foreach (var jobId in jobIds)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(3));
            createdAt.Add(Now);
            await _host.SubmitAsync(jobId);
        }

        var jobs = await _host.AllJobsAsync();

        // Rows come back in the order of their places: that order is the order of submission, and so are their created dates.
        Assert.Equal(jobIds, jobs.Select(x => x.CorrelationId));
        Assert.Equal(createdAt, jobs.Select(x => x.CreatedAt));
    }

    async Task<JobSnapshot> StartAsync(Guid jobId, Guid runId)
    {
        var response = await _host.RunnerClient<StartJob>().GetResponse<JobStarted>(new StartJob(jobId, runId, Lease), Ct);
        return response.Message.Job;
    }

    async Task<JobSnapshot> CompleteAsync(JobCompleted outcome)
    {
        var response = await _host.RunnerClient<JobCompleted>().GetResponse<JobCompletionRecorded>(outcome, Ct);
        return response.Message.Job;
    }
}
