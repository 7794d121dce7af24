using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Handlers;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests;

/// <summary>The runner on the in-memory harness: one job at a time, earliest first.</summary>
public sealed class JobRunner_Specs
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Runs_jobs_one_at_a_time_in_the_order_they_were_recorded()
    {
        await using var host = await JobsTestHost.StartAsync();
        var jobIds = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(jobIds.Select(id => host.SubmitAsync(id)));
        foreach (var jobId in jobIds)
            await host.WaitForStatusAsync(jobId, JobStatuses.Success);

        var jobs = await host.AllJobsAsync();
        Assert.Equal(jobs.Select(x => x.CorrelationId), host.Script.Runs.Select(x => x.JobId));
        Assert.Equal(1, host.Script.MaxConcurrentRuns);
        for (var i = 1; i < jobs.Count; i++)
            Assert.True(jobs[i].StartedAt >= jobs[i - 1].CompletedAt, $"job {i} started before job {i - 1} completed");
        Assert.All(jobs, x => Assert.Equal(1, x.Attempt));
    }

    [Fact]
    public async Task Gives_the_handler_the_job_and_records_its_results()
    {
        var hierarchy = Guid.NewGuid();
        await using var host = await JobsTestHost.StartAsync(services: s => s.AddJobHandler<DuplicatingHandler>());
        var jobId = Guid.NewGuid();

        await host.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = JobTypes.HierarchyDuplicate,
            StoreId = "store-7",
            Parameters = new Dictionary<string, string> { [JobParameters.CopiedFrom] = hierarchy.ToString(), ["name"] = "Copy of Shoes" },
        });
        var job = await host.WaitForStatusAsync(jobId, JobStatuses.Success);

        Assert.Equal(DuplicatingHandler.NewHierarchy(hierarchy, "store-7", "Copy of Shoes", 1), job.HierarchyId);
    }

    [Fact]
    public async Task Skips_a_job_cancelled_while_it_waited()
    {
        await using var host = await JobsTestHost.StartAsync();
        var (first, cancelled, last) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await host.SubmitAsync(first, behavior: "block");
        await host.Script.StartedAsync(first);
        await host.SubmitAsync(cancelled);
        await host.SubmitAsync(last);

        await host.Client<CancelJob>().GetResponse<JobCancelled>(new CancelJob(cancelled), Ct);
        host.Script.Release(first);
        await host.WaitForStatusAsync(last, JobStatuses.Success);

        Assert.Equal([first, last], host.Script.Runs.Select(x => x.JobId));
        var job = (await host.FindAsync(cancelled))!;
        Assert.Equal(JobStatuses.Cancelled, StatusNames.Status(job.CurrentState));
        Assert.Null(job.StartedAt);
    }

    [Fact]
    public async Task Failing_handler_records_its_errors_and_the_next_job_starts()
    {
        await using var host = await JobsTestHost.StartAsync();
        var (failing, next) = (Guid.NewGuid(), Guid.NewGuid());

        await host.SubmitAsync(failing, behavior: "fail:row 2: sku must be unique|row 9: name can not be empty");
        await host.SubmitAsync(next);

        var failed = await host.WaitForStatusAsync(failing, JobStatuses.Failed);
        Assert.Equal(["row 2: sku must be unique", "row 9: name can not be empty"], failed.Errors.Select(e => e.Message));
        Assert.All(failed.Errors, e => Assert.NotEqual(Guid.Empty, e.Id));
        Assert.NotNull(failed.CompletedAt);
        var succeeded = await host.WaitForStatusAsync(next, JobStatuses.Success);
        Assert.True(succeeded.StartedAt >= failed.CompletedAt);
    }

    [Fact]
    public async Task Throwing_handler_fails_the_job_with_the_exception_message()
    {
        await using var host = await JobsTestHost.StartAsync();
        var jobId = Guid.NewGuid();

        await host.SubmitAsync(jobId, behavior: "throw:catalog service unreachable");

        var job = await host.WaitForStatusAsync(jobId, JobStatuses.Failed);
        Assert.Equal("The product-export handler failed: catalog service unreachable", Assert.Single(job.Errors).Message);
    }

    [Fact]
    public async Task A_job_type_without_a_handler_fails_with_a_clear_error()
    {
        await using var host = await JobsTestHost.StartAsync(services: s => s.AddScriptedHandler(JobTypes.ProductExport));
        var (unhandled, handled) = (Guid.NewGuid(), Guid.NewGuid());

        await host.SubmitAsync(unhandled, JobTypes.PriceImport);
        await host.SubmitAsync(handled, JobTypes.ProductExport);

        var job = await host.WaitForStatusAsync(unhandled, JobStatuses.Failed);
        Assert.Equal("No handler is registered for job type 'price-import'.", Assert.Single(job.Errors).Message);
        await host.WaitForStatusAsync(handled, JobStatuses.Success);
    }

    [Fact]
    public async Task Pending_jobs_whose_wake_up_was_lost_are_swept_up()
    {
        var directory = Directory.CreateTempSubdirectory("jobs-tests-").FullName;
        var jobIds = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        await using (var paused = await JobsTestHost.StartAsync(runner: false, databaseDirectory: directory))
        {
            // The wake-ups go to a worker that never runs them: as good as lost.
            foreach (var jobId in jobIds)
                await paused.SubmitAsync(jobId);
        }

        await using var host = await JobsTestHost.StartAsync(databaseDirectory: directory);

        foreach (var jobId in jobIds)
            await host.WaitForStatusAsync(jobId, JobStatuses.Success);
        Assert.Equal(jobIds, host.Script.Runs.Select(x => x.JobId));
    }

    [Fact]
    public async Task A_live_lease_holds_the_line_and_an_expired_one_puts_the_job_back_at_its_place()
    {
        var directory = Directory.CreateTempSubdirectory("jobs-tests-").FullName;
        var (abandoned, next) = (Guid.NewGuid(), Guid.NewGuid());
        DateTime leaseExpiry;
        await using (var deadRunner = await JobsTestHost.StartAsync(runner: false, databaseDirectory: directory))
        {
            await deadRunner.SubmitAsync(abandoned);
            await deadRunner.SubmitAsync(next);
            await deadRunner.RunnerClient<StartJob>().GetResponse<JobStarted>(new StartJob(abandoned, Guid.NewGuid(), TimeSpan.FromSeconds(2)), Ct);
            leaseExpiry = (await deadRunner.FindAsync(abandoned))!.LeaseExpiresAt!.Value;
        }

        await using var host = await JobsTestHost.StartAsync(databaseDirectory: directory);

        await host.WaitForStatusAsync(next, JobStatuses.Success);
        var runs = host.Script.Runs;
        Assert.Equal([abandoned, next], runs.Select(x => x.JobId));
        Assert.True(runs[0].StartedAt >= leaseExpiry, "a job started while the abandoned job's lease was live");
        Assert.Equal(2, runs[0].Attempt);
        Assert.Equal(2, (await host.FindAsync(abandoned))!.Attempt);
    }

    [Fact]
    public async Task A_job_abandoned_on_its_last_attempt_fails_and_the_line_moves_on()
    {
        var directory = Directory.CreateTempSubdirectory("jobs-tests-").FullName;
        var (abandoned, next) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var deadRunner = await JobsTestHost.StartAsync(runner: false, databaseDirectory: directory))
        {
            await deadRunner.SubmitAsync(abandoned);
            await deadRunner.SubmitAsync(next);
            await deadRunner.RunnerClient<StartJob>().GetResponse<JobStarted>(new StartJob(abandoned, Guid.NewGuid(), TimeSpan.FromMilliseconds(500)), Ct);
        }

        await using var host = await JobsTestHost.StartAsync(databaseDirectory: directory,
            settings: new Dictionary<string, string?> { ["Jobs:Runner:MaxAttempts"] = "1", ["Jobs:Runner:LeaseDuration"] = "00:00:02" });

        var failed = await host.WaitForStatusAsync(abandoned, JobStatuses.Failed);
        Assert.StartsWith("The worker running this job stopped (no heartbeat for 00:00:02); gave up after 1 attempts.", Assert.Single(failed.Errors).Message, StringComparison.Ordinal);
        await host.WaitForStatusAsync(next, JobStatuses.Success);
        Assert.Equal([next], host.Script.Runs.Select(x => x.JobId));
    }

    [Fact]
    public async Task A_running_job_keeps_its_lease_alive_with_heartbeats()
    {
        await using var host = await JobsTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Jobs:Runner:LeaseDuration"] = "00:00:01" });
        var (running, next) = (Guid.NewGuid(), Guid.NewGuid());
        await host.SubmitAsync(running, behavior: "block");
        await host.SubmitAsync(next);
        await host.Script.StartedAsync(running);
        var firstLease = (await host.FindAsync(running))!.LeaseExpiresAt;

        await Eventually.HoldsAsync(async () => (await host.FindAsync(running))!.LeaseExpiresAt > firstLease + TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(10), () => "the lease to be renewed past its first expiry");

        var job = (await host.FindAsync(running))!;
        Assert.Equal(JobStatuses.Started, StatusNames.Status(job.CurrentState));
        Assert.Equal(1, job.Attempt);
        Assert.Equal([running], host.Script.Runs.Select(x => x.JobId));
        host.Script.Release(running);
        await host.WaitForStatusAsync(next, JobStatuses.Success);
    }

    [Fact]
    public async Task Stopping_the_worker_hands_a_running_job_back_without_spending_an_attempt()
    {
        var directory = Directory.CreateTempSubdirectory("jobs-tests-").FullName;
        var jobId = Guid.NewGuid();
        await using (var host = await JobsTestHost.StartAsync(databaseDirectory: directory))
        {
            await host.SubmitAsync(jobId, behavior: "block");
            await host.Script.StartedAsync(jobId);
        }

        await using var after = await JobsTestHost.StartAsync(runner: false, databaseDirectory: directory);
        var job = (await after.FindAsync(jobId))!;
        Assert.Equal(JobStatuses.Pending, StatusNames.Status(job.CurrentState));
        Assert.Equal(0, job.Attempt);
        Assert.Null(job.StartedAt);
        Assert.Null(job.RunId);
    }

    [Theory]
    [InlineData("block")]
    [InlineData("hang")]
    public async Task A_handler_past_its_job_types_timeout_fails_the_job_and_the_line_moves_on(string behavior)
    {
        await using var host = await JobsTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Jobs:Runner:Timeouts:product-export"] = "00:00:00.500" });
        var (slow, next) = (Guid.NewGuid(), Guid.NewGuid());

        await host.SubmitAsync(slow, JobTypes.ProductExport, behavior);
        await host.SubmitAsync(next, JobTypes.PriceImport, "sleep:600");

        var failed = await host.WaitForStatusAsync(slow, JobStatuses.Failed);
        Assert.Equal("The product-export job timed out after 00:00:00.5000000.", Assert.Single(failed.Errors).Message);
        Assert.True(failed.CompletedAt - failed.StartedAt >= TimeSpan.FromMilliseconds(499));
        // The other type has the default limit: its 600 ms are fine.
        await host.WaitForStatusAsync(next, JobStatuses.Success);
        host.Script.Release(slow);
    }

    [Fact]
    public async Task Demo_handlers_stand_in_for_missing_ones_only()
    {
        await using var host = await JobsTestHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Jobs:Demo:Enabled"] = "true", ["Jobs:Demo:Duration"] = "00:00:00" },
            services: s => s.AddScriptedHandler(JobTypes.PriceImport));
        var (export, import) = (Guid.NewGuid(), Guid.NewGuid());

        await host.SubmitAsync(export, JobTypes.ProductExport);
        await host.SubmitAsync(import, JobTypes.PriceImport, "fail:real handler ran");

        var exported = await host.WaitForStatusAsync(export, JobStatuses.Success);
        Assert.Equal([$"https://example.invalid/demo-exports/{export}/part_1.csv"], exported.FileLocations);
        Assert.Equal("real handler ran", Assert.Single((await host.WaitForStatusAsync(import, JobStatuses.Failed)).Errors).Message);
        Assert.Equal([import], host.Script.Runs.Select(x => x.JobId));
    }
}
