using System.Collections.Concurrent;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Tests.Support;
using Jobs.Worker.Handlers;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests;

/// <summary>
/// The runner on the in-memory harness: one job at a time, earliest first. Leases, heartbeats, timeouts and sweeps
/// run on a clock that moves only when the spec moves it, so that a spec can say at which instant each thing happens.
/// </summary>
public sealed class JobRunner_Specs
{
    /// <summary>The sweep interval where the clock moves: sweeps come at whole minutes after the worker starts.</summary>
    static readonly TimeSpan Sweep = TimeSpan.FromMinutes(1);

    /// <summary>A whole number of sweeps, so that a lease taken before the worker starts runs out on a sweep.</summary>
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>product-export's timeout in the timeout specs; the other types keep the default, a day.</summary>
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    /// <summary>How much longer the runner waits for a handler that ignores its timeout: its limit, at most ten seconds.</summary>
    static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));

    DateTime Start => _clock.Start.UtcDateTime;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Runs_jobs_one_at_a_time_in_the_order_they_were_recorded()
    {
        // Each reading of the clock is a millisecond after the one before, so the saga's timestamps order its changes strictly.
        _clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        await using var host = await JobsTestHost.StartAsync(clock: _clock);
        var jobIds = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(jobIds.Select(id => host.SubmitAsync(id)));
        foreach (var jobId in jobIds)
            await host.WaitForStatusAsync(jobId, JobStatuses.Success);

        var jobs = await host.AllJobsAsync();
        Assert.Equal(jobs.Select(x => x.CorrelationId), host.Script.Runs.Select(x => x.JobId));
        Assert.Equal(1, host.Script.MaxConcurrentRuns);
        for (var i = 1; i < jobs.Count; i++)
            Assert.True(jobs[i].StartedAt > jobs[i - 1].CompletedAt, $"job {i} started before the outcome of job {i - 1} was recorded");
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
        // Each reading of the clock is a millisecond after the one before, so the saga's timestamps order its changes strictly.
        _clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        await using var host = await JobsTestHost.StartAsync(clock: _clock);
        var (failing, next) = (Guid.NewGuid(), Guid.NewGuid());

        await host.SubmitAsync(failing, behavior: "fail:row 2: sku must be unique|row 9: name can not be empty");
        await host.SubmitAsync(next);

        var failed = await host.WaitForStatusAsync(failing, JobStatuses.Failed);
        Assert.Equal(["row 2: sku must be unique", "row 9: name can not be empty"], failed.Errors.Select(e => e.Message));
        Assert.All(failed.Errors, e => Assert.NotEqual(Guid.Empty, e.Id));
        Assert.NotNull(failed.CompletedAt);
        var succeeded = await host.WaitForStatusAsync(next, JobStatuses.Success);
        Assert.True(succeeded.StartedAt > failed.CompletedAt, "the next job started before the failure was recorded");
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
        await using (var paused = await JobsTestHost.StartAsync(runner: false, databaseDirectory: directory, clock: _clock))
        {
            // The wake-ups go to a worker that never runs them: as good as lost.
            foreach (var jobId in jobIds)
                await paused.SubmitAsync(jobId);
        }

        // The clock never moves: what finds the jobs is the sweep every worker makes as it starts, not a later one.
        await using var host = await JobsTestHost.StartAsync(databaseDirectory: directory, clock: _clock);

        foreach (var jobId in jobIds)
            await host.WaitForStatusAsync(jobId, JobStatuses.Success);
        Assert.Equal(jobIds, host.Script.Runs.Select(x => x.JobId));
    }

    [Fact]
    public async Task A_live_lease_holds_the_line_and_an_expired_one_puts_the_job_back_at_its_place()
    {
        var (directory, abandoned, next, deadRun) = await AbandonFirstOfTwoAsync();
        var expiry = Start + Lease;
        await using var host = await JobsTestHost.StartAsync(databaseDirectory: directory, clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Jobs:Runner:LeaseDuration"] = Lease.ToString(),
            ["Jobs:Runner:SweepInterval"] = Sweep.ToString(),
        });
        // Sweeps come at whole minutes from when the sweeper set its timer: the clock must not move before.
        await _clock.TimerSetAsync(Sweep);

        // The sweep as the worker starts finds the line with work and no claim: a slot claims it, finds its head held
        // by a live lease, and parks the line until that lease runs out.
        await Eventually.HoldsAsync(async () => await host.FindLineAsync() is { ClaimId: null } line && line.ClaimExpiresAt == expiry,
            TimeSpan.FromSeconds(30), () => "the line to be parked until the lease's expiry");
        // To the last instant of the lease: the sweeps at one to four minutes find the line parked and wake nobody.
        _clock.Advance(Lease - TimeSpan.FromMilliseconds(1));

        var held = (await host.FindAsync(abandoned))!;
        Assert.Equal(JobStatuses.Started, StatusNames.Status(held.CurrentState));
        Assert.Equal(1, held.Attempt);
        Assert.Equal(deadRun, held.RunId);
        Assert.Equal(expiry, held.LeaseExpiresAt);
        Assert.Equal(JobStatuses.Pending, StatusNames.Status((await host.FindAsync(next))!.CurrentState));
        Assert.Empty(host.Script.Runs);

        // The sweep at five minutes finds the lease expired and wakes the runner, with the clock at the expiry.
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        await host.WaitForStatusAsync(next, JobStatuses.Success);
        Assert.Equal([(abandoned, 2), (next, 1)], host.Script.Runs.Select(x => (x.JobId, x.Attempt)));
        var restarted = (await host.FindAsync(abandoned))!;
        Assert.Equal(2, restarted.Attempt);
        Assert.Equal(expiry, restarted.StartedAt);
    }

    [Fact]
    public async Task A_job_abandoned_on_its_last_attempt_fails_when_its_lease_expires_and_the_line_moves_on()
    {
        var (directory, abandoned, next, _) = await AbandonFirstOfTwoAsync();
        await using var host = await JobsTestHost.StartAsync(databaseDirectory: directory, clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Jobs:Runner:MaxAttempts"] = "1",
            ["Jobs:Runner:LeaseDuration"] = Lease.ToString(),
            ["Jobs:Runner:SweepInterval"] = Sweep.ToString(),
        });
        // Sweeps come at whole minutes from when the sweeper set its timer: the clock must not move before.
        await _clock.TimerSetAsync(Sweep);

        // In one move: nobody renews a dead run's lease, and the sweep after the last tick of the move finds the clock
        // at the expiry, wherever the sweeps before it found it.
        _clock.Advance(Lease);

        var failed = await host.WaitForStatusAsync(abandoned, JobStatuses.Failed);
        Assert.Equal("The worker running this job stopped (no heartbeat for 00:05:00); gave up after 1 attempts.", Assert.Single(failed.Errors).Message);
        Assert.Equal(Start + Lease, failed.CompletedAt);
        await host.WaitForStatusAsync(next, JobStatuses.Success);
        Assert.Equal([next], host.Script.Runs.Select(x => x.JobId));
    }

    [Fact]
    public async Task A_running_job_keeps_its_lease_ahead_of_the_clock_with_heartbeats()
    {
        await using var host = await JobsTestHost.StartAsync(clock: _clock, settings: new Dictionary<string, string?> { ["Jobs:Runner:LeaseDuration"] = Lease.ToString() });
        var (running, next) = (Guid.NewGuid(), Guid.NewGuid());
        await host.SubmitAsync(running, behavior: "block");
        await host.SubmitAsync(next);
        await host.Script.StartedAsync(running);
        Assert.Equal(Start + Lease, (await host.FindAsync(running))!.LeaseExpiresAt);

        // The heartbeat's timer was set before the handler was called. One beat (a third of the lease) per move, each
        // renewal awaited before the next move: the saga renews from the clock as it handles the beat, so a move made
        // meanwhile would end up in the new expiry, and one move past the whole lease would have sweeps race the
        // renewal with the old, expired lease in hand.
        for (var beat = 1; beat <= 3; beat++)
        {
            _clock.Advance(Lease / 3);
            var renewed = Start + beat * (Lease / 3) + Lease;
            await Eventually.HoldsAsync(async () => (await host.FindAsync(running))!.LeaseExpiresAt == renewed,
                TimeSpan.FromSeconds(30), () => $"a heartbeat to renew the lease to {renewed:O}");
        }

        // The clock stands where the first lease ran out, and the job is still its first run's.
        var job = (await host.FindAsync(running))!;
        Assert.Equal(JobStatuses.Started, StatusNames.Status(job.CurrentState));
        Assert.Equal(1, job.Attempt);
        Assert.Equal([running], host.Script.Runs.Select(x => x.JobId));
        host.Script.Release(running);
        await host.WaitForStatusAsync(next, JobStatuses.Success);
    }

    [Fact]
    public async Task A_runner_whose_claim_was_taken_over_leaves_the_line_and_its_slot_serves_the_next_store()
    {
        // One slot, and a clock that never moves: the claim's heartbeat never comes round to notice the loss, so only
        // the runner's own look at the line can let the slot go.
        await using var host = await JobsTestHost.StartAsync(clock: _clock, settings: new Dictionary<string, string?> { ["Jobs:Runner:MaxConcurrentLines"] = "1" });
        var (held, other, thief) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await host.SubmitAsync(held, behavior: "block");
        await host.Script.StartedAsync(held);
        // As after a stall longer than a lease: the claim ran out and another runner took the line.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<JobsDbContext>().Set<StoreLine>().Where(x => x.StoreId == JobStores.Default)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.ClaimId, thief), Ct);
        }

        host.Script.Release(held);
        await host.WaitForStatusAsync(held, JobStatuses.Success);
        await host.SubmitAsync(JobsTestHost.Command(other) with { StoreId = "store-b" });

        await host.WaitForStatusAsync(other, JobStatuses.Success);
        Assert.Equal([held, other], host.Script.Runs.Select(x => x.JobId));
        Assert.Equal(thief, (await host.FindLineAsync())!.ClaimId);
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

    [Fact]
    public async Task A_handler_past_its_job_types_timeout_is_cancelled_and_its_job_fails_at_the_limit()
    {
        await using var host = await JobsTestHost.StartAsync(clock: _clock,
            settings: new Dictionary<string, string?>
            {
                ["Jobs:Runner:Timeouts:product-export"] = Limit.ToString(),
                // Longer than the clock's jumps: the line's claim and the job's lease are renewed between them.
                ["Jobs:Runner:LeaseDuration"] = Lease.ToString(),
            });
        var (slow, other) = (Guid.NewGuid(), Guid.NewGuid());
        await host.SubmitAsync(slow, JobTypes.ProductExport, "block");
        await host.SubmitAsync(other, JobTypes.PriceImport, "block");
        await host.Script.StartedAsync(slow);

        // The timeout was set before the handler was called; at the limit it cancels the handler's token, which "block" obeys.
        _clock.Advance(Limit);

        var failed = await host.WaitForStatusAsync(slow, JobStatuses.Failed);
        Assert.Equal("The product-export job timed out after 00:01:00.", Assert.Single(failed.Errors).Message);
        Assert.Equal(Limit, failed.CompletedAt - failed.StartedAt);
        // The line moves on. The other type has the default limit: its job outlasts product-export's and still succeeds.
        await host.Script.StartedAsync(other);
        _clock.Advance(Limit);
        host.Script.Release(other);
        var succeeded = await host.WaitForStatusAsync(other, JobStatuses.Success);
        Assert.Equal(Limit, succeeded.CompletedAt - succeeded.StartedAt);
    }

    [Fact]
    public async Task A_handler_that_ignores_its_timeout_is_abandoned_after_a_grace_period()
    {
        await using var host = await JobsTestHost.StartAsync(clock: _clock,
            settings: new Dictionary<string, string?>
            {
                ["Jobs:Runner:Timeouts:product-export"] = Limit.ToString(),
                // Longer than the clock's jumps: the line's claim and the job's lease are renewed between them.
                ["Jobs:Runner:LeaseDuration"] = Lease.ToString(),
            });
        var (hung, next) = (Guid.NewGuid(), Guid.NewGuid());
        await host.SubmitAsync(hung, JobTypes.ProductExport, "hang");
        await host.SubmitAsync(next, JobTypes.PriceImport);
        await host.Script.StartedAsync(hung);
        // The runner's last wait for the handler is set once the handler has yielded, after it reported its start.
        await _clock.TimerSetAsync(Limit + Grace);

        // At the limit the handler's token is cancelled and "hang" ignores it; the grace after it, the runner gives up.
        _clock.Advance(Limit + Grace);

        var failed = await host.WaitForStatusAsync(hung, JobStatuses.Failed);
        Assert.Equal("The product-export job timed out after 00:01:00.", Assert.Single(failed.Errors).Message);
        Assert.Equal(Limit + Grace, failed.CompletedAt - failed.StartedAt);
        await host.WaitForStatusAsync(next, JobStatuses.Success);
        host.Script.Release(hung);
    }

    /// <summary>
    /// Two jobs in line, the first started at the clock's start, under a lease of <see cref="Lease"/>, by a runner that
    /// dies at once: nobody renews the lease. The worker that records them has no runner of its own.
    /// </summary>
    async Task<(string Directory, Guid Abandoned, Guid Next, Guid DeadRun)> AbandonFirstOfTwoAsync()
    {
        var directory = Directory.CreateTempSubdirectory("jobs-tests-").FullName;
        var (abandoned, next, deadRun) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var deadRunner = await JobsTestHost.StartAsync(runner: false, databaseDirectory: directory, clock: _clock);
        await deadRunner.SubmitAsync(abandoned);
        await deadRunner.SubmitAsync(next);
        await deadRunner.RunnerClient<StartJob>().GetResponse<JobStarted>(new StartJob(abandoned, deadRun, Lease), Ct);
        return (directory, abandoned, next, deadRun);
    }
}
