using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
using Jobs.Worker.Validation;
using MassTransit;
using MassTransit.Testing;

namespace Jobs.Tests;

/// <summary>The rules of DESIGN.md §5, with the test playing the runner (the worker's own runner is paused).</summary>
public sealed class JobStateMachine_Specs : IAsyncLifetime
{
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    JobsTestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await JobsTestHost.StartAsync(runner: false);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_records_a_pending_job_and_announces_it()
    {
        var jobId = Guid.NewGuid();
        var before = DateTime.UtcNow.AddMilliseconds(-1);

        var reply = await _host.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = JobTypes.ProductExport,
            RequestId = "req-42",
            StoreId = "store-1",
            Filter = "eq(sku,product-1)",
        });

        Assert.Equal(jobId, reply.Job.JobId);
        Assert.Equal(JobStatuses.Pending, reply.Job.Status);
        var job = (await _host.FindAsync(jobId))!;
        Assert.Equal(JobStatuses.Pending, StatusNames.Status(job.CurrentState));
        Assert.Equal(JobTypes.ProductExport, job.JobType);
        Assert.Equal("req-42", job.RequestId);
        Assert.Equal("store-1", job.StoreId);
        Assert.Equal("eq(sku,product-1)", job.Filter);
        Assert.Equal(0, job.Attempt);
        Assert.Null(job.StartedAt);
        Assert.Null(job.CompletedAt);
        Assert.Equal(job.CreatedAt, job.UpdatedAt);
        Assert.InRange(job.CreatedAt, before, DateTime.UtcNow);
        Assert.Equal(DateTimeKind.Utc, job.CreatedAt.Kind);
        Assert.Equal(0, job.CreatedAt.Ticks % TimeSpan.TicksPerMillisecond);
        Assert.True(await _host.Harness.Published.Any<JobSubmitted>(x => x.Context.Message.Job.JobId == jobId, Ct));
        Assert.True(await _host.Harness.Sent.Any<RunJobs>(Ct));
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
        await _host.SubmitAsync(new SubmitJob { JobId = jobId, JobType = JobTypes.ProductExport, Filter = "first" });
        var before = (await _host.FindAsync(jobId))!;

        var response = await _host.Client<SubmitJob>().GetResponse<JobSubmitted, JobAlreadySubmitted>(
            new SubmitJob { JobId = jobId, JobType = JobTypes.PriceImport, FileLocation = "https://files.example/other.jsonl" }, Ct);

        Assert.True(response.Is(out Response<JobAlreadySubmitted>? duplicate));
        Assert.Equal(JobStatuses.Pending, duplicate.Message.Job.Status);
        var after = (await _host.FindAsync(jobId))!;
        Assert.Equal(JobTypes.ProductExport, after.JobType);
        Assert.Equal("first", after.Filter);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(before.Sequence, after.Sequence);
        Assert.Single(await _host.AllJobsAsync());
        Assert.Single(_host.Harness.Published.Select<JobSubmitted>(x => x.Context.Message.Job.JobId == jobId, Ct));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000", JobTypes.ProductExport, "JobId must be a non-empty UUID")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a01", "product-delete", "JobType 'product-delete' is not known")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a02", "", "JobType is required")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a03", JobTypes.ProductImport, "A product-import job needs FileLocation")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a04", JobTypes.PriceImport, "A price-import job needs FileLocation")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a05", JobTypes.HierarchyDuplicate, "A hierarchy-duplicate job needs HierarchyId")]
    [InlineData("5f0a2f4e-8a8c-4f57-9d0b-0f1f5f8b9a06", JobTypes.ChildProducts, "A child-products job needs ProductId")]
    public async Task Submit_of_an_invalid_job_faults_and_stores_nothing(string jobId, string jobType, string reason)
    {
        var command = new SubmitJob { JobId = Guid.Parse(jobId), JobType = jobType };

        var fault = await Assert.ThrowsAsync<RequestFaultException>(() => _host.Client<SubmitJob>().GetResponse<JobSubmitted>(command, Ct));

        // The state machine wraps what its activity threw; the reason is the inner exception.
        var rejection = Assert.Single(fault.Fault!.Exceptions).InnerException!;
        Assert.Equal(typeof(InvalidJobException).FullName, rejection.ExceptionType);
        Assert.Contains(reason, rejection.Message, StringComparison.Ordinal);
        Assert.Empty(await _host.AllJobsAsync());
    }

    [Fact]
    public async Task Submit_of_an_invalid_job_by_publish_publishes_a_fault()
    {
        var command = new SubmitJob { JobId = Guid.NewGuid(), JobType = JobTypes.ProductImport };

        await _host.Harness.Bus.Publish(command, Ct);

        Assert.True(await _host.Harness.Published.Any<Fault<SubmitJob>>(x => x.Context.Message.Message.JobId == command.JobId, Ct));
        var fault = _host.Harness.Published.Select<Fault<SubmitJob>>(Ct).Single().Context.Message;
        Assert.Contains("A product-import job needs FileLocation", fault.Exceptions.Single().InnerException!.Message, StringComparison.Ordinal);
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
        var created = (await _host.FindAsync(jobId))!.CreatedAt;

        var response = await _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);

        Assert.True(response.Is(out Response<JobCancelled>? cancelled));
        Assert.Equal(JobStatuses.Cancelled, cancelled.Message.Job.Status);
        var job = (await _host.FindAsync(jobId))!;
        Assert.Equal(JobStatuses.Cancelled, StatusNames.Status(job.CurrentState));
        Assert.Equal(created, job.CreatedAt);
        Assert.True(job.UpdatedAt >= created);
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
        await StartAsync(jobId, Guid.NewGuid());
        await CompleteAsync(new JobCompleted { JobId = jobId, Succeeded = succeeded });

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
    public async Task Cancel_of_an_unknown_job_answers_not_found_and_records_nothing()
    {
        var jobId = Guid.NewGuid();

        var response = await _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);

        Assert.True(response.Is(out Response<JobNotFound>? notFound));
        Assert.Equal(jobId, notFound.Message.JobId);
        Assert.Empty(await _host.AllJobsAsync());
    }

    [Fact]
    public async Task Start_of_a_pending_job_starts_it_with_a_lease()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var created = (await _host.FindAsync(jobId))!.CreatedAt;
        var runId = Guid.NewGuid();

        var started = await StartAsync(jobId, runId);

        Assert.Equal(JobStatuses.Started, started.Status);
        Assert.Equal(1, started.Attempt);
        var job = (await _host.FindAsync(jobId))!;
        Assert.Equal(runId, job.RunId);
        Assert.NotNull(job.StartedAt);
        Assert.True(job.StartedAt >= created);
        Assert.Equal(job.StartedAt, job.UpdatedAt);
        Assert.Equal(job.StartedAt + Lease, job.LeaseExpiresAt);
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
        var running = await StartAsync(first, Guid.NewGuid());

        var refused = await _host.RunnerClient<StartJob>().GetResponse<JobStarted, JobNotStartable>(new StartJob(second, Guid.NewGuid(), Lease), Ct);
        await CompleteAsync(new JobCompleted { JobId = first, Attempt = running.Attempt, Succeeded = true });
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
        var started = await StartAsync(jobId, Guid.NewGuid());

        var recorded = await CompleteAsync(new JobCompleted
        {
            JobId = jobId,
            Attempt = started.Attempt,
            Succeeded = true,
            FileLocations = ["https://files.example/export_part_1.csv"],
            HierarchyId = newHierarchy,
        });

        Assert.Equal(JobStatuses.Success, recorded.Status);
        var job = (await _host.FindAsync(jobId))!;
        Assert.NotNull(job.CompletedAt);
        Assert.True(job.CompletedAt >= job.StartedAt);
        Assert.Equal(job.CompletedAt, job.UpdatedAt);
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
        await StartAsync(jobId, Guid.NewGuid());
        var errors = new[] { new JobError(Guid.NewGuid(), "data.attributes.sku: Must be unique amongst products.") };

        var recorded = await CompleteAsync(new JobCompleted { JobId = jobId, Succeeded = false, Errors = errors });

        Assert.Equal(JobStatuses.Failed, recorded.Status);
        Assert.Equal(errors, (await _host.FindAsync(jobId))!.Errors);
        Assert.True(await _host.Harness.Published.Any<JobFailed>(x => x.Context.Message.Job.JobId == jobId && x.Context.Message.Errors.SequenceEqual(errors), Ct));
    }

    [Fact]
    public async Task Failure_without_errors_still_reports_one()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        await StartAsync(jobId, Guid.NewGuid());

        await CompleteAsync(new JobCompleted { JobId = jobId, Succeeded = false });

        var error = Assert.Single((await _host.FindAsync(jobId))!.Errors);
        Assert.Equal("The job failed without reporting an error.", error.Message);
    }

    [Fact]
    public async Task Completion_of_a_pending_job_changes_nothing()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);

        var recorded = await CompleteAsync(new JobCompleted { JobId = jobId, Succeeded = true });

        Assert.Equal(JobStatuses.Pending, recorded.Status);
        Assert.Null((await _host.FindAsync(jobId))!.CompletedAt);
    }

    [Fact]
    public async Task A_finished_job_never_goes_back()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var started = await StartAsync(jobId, Guid.NewGuid());
        await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = started.Attempt, Succeeded = true });
        var finished = (await _host.FindAsync(jobId))!;

        var secondCompletion = await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = started.Attempt, Succeeded = false });
        var restart = await _host.RunnerClient<StartJob>().GetResponse<JobStarted, JobNotStartable>(new StartJob(jobId, Guid.NewGuid(), Lease), Ct);
        var requeue = await _host.RunnerClient<RequeueJob>().GetResponse<JobRequeued>(new RequeueJob(jobId, started.Attempt, "test", false), Ct);
        var cancel = await _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable>(new CancelJob(jobId), Ct);

        Assert.Equal(JobStatuses.Success, secondCompletion.Status);
        Assert.True(restart.Is(out Response<JobNotStartable>? _));
        Assert.Equal(JobStatuses.Success, requeue.Message.Job.Status);
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
        var first = await StartAsync(jobId, Guid.NewGuid());
        await _host.RunnerClient<RequeueJob>().GetResponse<JobRequeued>(new RequeueJob(jobId, first.Attempt, "lease expired", false), Ct);
        var second = await StartAsync(jobId, Guid.NewGuid());

        var stale = await CompleteAsync(new JobCompleted { JobId = jobId, Attempt = first.Attempt, Succeeded = false });

        Assert.Equal(2, second.Attempt);
        Assert.Equal(JobStatuses.Started, stale.Status);
        Assert.Empty((await _host.FindAsync(jobId))!.Errors);
    }

    [Fact]
    public async Task Requeue_puts_a_started_job_back_at_its_place_in_line()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await _host.SubmitAsync(first);
        await _host.SubmitAsync(second);
        var before = (await _host.FindAsync(first))!;
        var started = await StartAsync(first, Guid.NewGuid());

        var requeued = await _host.RunnerClient<RequeueJob>().GetResponse<JobRequeued>(new RequeueJob(first, started.Attempt, "lease expired", false), Ct);

        Assert.Equal(JobStatuses.Pending, requeued.Message.Job.Status);
        var job = (await _host.FindAsync(first))!;
        Assert.Equal(before.Sequence, job.Sequence);
        Assert.Equal(before.CreatedAt, job.CreatedAt);
        Assert.Null(job.StartedAt);
        Assert.Null(job.RunId);
        Assert.Equal(1, job.Attempt);
        Assert.Equal(first, (await _host.AllJobsAsync()).OrderBy(x => x.Sequence).First(x => x.CurrentState == "Pending").CorrelationId);
    }

    [Fact]
    public async Task Requeue_on_hand_back_does_not_spend_an_attempt()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        var started = await StartAsync(jobId, Guid.NewGuid());

        await _host.RunnerClient<RequeueJob>().GetResponse<JobRequeued>(new RequeueJob(jobId, started.Attempt, "shutting down", true), Ct);

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

        await Eventually.HoldsAsync(async () => (await _host.FindAsync(jobId))!.LeaseExpiresAt > DateTime.UtcNow.AddMinutes(30),
            TimeSpan.FromSeconds(10), () => "the lease to be renewed");
        var job = (await _host.FindAsync(jobId))!;
        Assert.True(job.LeaseExpiresAt < DateTime.UtcNow.AddMinutes(61));
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
        foreach (var jobId in jobIds)
            await _host.SubmitAsync(jobId);

        var jobs = await _host.AllJobsAsync();

        Assert.Equal(jobIds, jobs.Select(x => x.CorrelationId));
        Assert.Equal(jobs.Select(x => x.Sequence).Order(), jobs.Select(x => x.Sequence));
        Assert.Equal(jobs.Select(x => x.CreatedAt).Order(), jobs.Select(x => x.CreatedAt));
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
