using Jobs.Contracts;
using Jobs.Worker.Handlers;
using Jobs.Worker.Options;
using Jobs.Worker.StateMachines;
using Jobs.Worker.Telemetry;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// Runs a store's line while it holds the line's claim: takes the earliest unfinished job, has the saga start it
/// (durably, before any work), runs its handler, has the saga record the outcome, and only then looks at the line
/// again. A job whose type is handled in another service is started with its <c>RunJob</c>, and the runner waits for
/// the saga to record that run's outcome (docs/design.md, "Remote runs"). Gives the line up when it is empty, when
/// its head is held by a live in-process run elsewhere (a remote run is waited for instead), when another line is
/// waiting for a runner (so that slots go round the stores), or when the claim was lost. One per slot of <see cref="LineSlots"/>, one line at a time.
/// </summary>
sealed partial class JobRunner(
    LineReader line,
    LineClaims claims,
    JobSagaClient saga,
    JobHandlerInvoker invoker,
    JobHandlerRegistry handlers,
    JobLeaseKeeper leases,
    RunnerWakeUps wakeUps,
    JobsMetrics metrics,
    IBus bus,
    IOptions<JobRunnerOptions> options,
    TimeProvider clock,
    ILogger<JobRunner> logger)
{
    readonly JobRunnerOptions _options = options.Value;

    /// <summary>Where a remote run reports: the saga's endpoint on this bus, the same for every run.</summary>
    readonly Uri _reportTo = new(bus.Address, JobEndpoints.JobState);

    // A start this runner asked for but never heard back about: if the saga did start the job, the job is
    // ours to run, not a stranger's to wait for until its lease runs out.
    Guid? _unconfirmedRunId;

    public async Task RunLineAsync(LineClaim claim, CancellationToken stopping)
    {
        using var claimStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var keeper = KeepClaimAsync(claim, claimStop.Token);
        try
        {
            await RunHeldLineAsync(claim, keeper, stopping);
        }
        finally
        {
            await claimStop.CancelAsync();
            await keeper;
        }
    }

    async Task RunHeldLineAsync(LineClaim claim, Task<bool> claimLost, CancellationToken stopping)
    {
        var store = claim.StoreId;
        // The job behind the one running, read while it runs, so that the next start need not wait for a query.
        JobState? next = null;
        while (true)
        {
            stopping.ThrowIfCancellationRequested();
            if (claimLost.IsCompleted)
            {
                LogClaimLost(store);
                return;
            }

            var head = next ?? await line.FindHeadAsync(store, stopping);
            next = null;
            if (head is null)
            {
                if (await claims.ReleaseIfEmptyAsync(claim, stopping))
                    return;
                continue;
            }

            // Every line logged about the head of the line, here and in whatever the runner calls, names it.
            using var scope = logger.BeginJobScope(head.CorrelationId, head.StoreId);
            if (head.CurrentState == StatusNames.StartedState)
            {
                if (head.RunId is { } runId && runId == _unconfirmedRunId)
                {
                    _unconfirmedRunId = null;
                    if (head.HandlerQueue is null)
                        await RunAndRecordAsync(head, head.Attempt, runId, lookAround: null, stopping);
                    else
                        await WaitForRemoteRunAsync(head.CorrelationId, runId, claimLost, stopping);
                    continue;
                }

                if (head.HandlerQueue is not null && head.RunId is { } remoteRunId)
                {
                    // A run in another service holds the line: this slot waits for it (or recovers it once its lease runs
                    // out), whichever worker's slot started it.
                    await WaitForRemoteRunAsync(head.CorrelationId, remoteRunId, claimLost, stopping);
                    continue;
                }

                if (head.LeaseExpiresAt > clock.GetUtcNow().UtcDateTime)
                {
                    // Held by a run elsewhere: the line waits for that run's lease, not for this slot.
                    await claims.ParkAsync(claim, head.LeaseExpiresAt.Value, stopping);
                    return;
                }

                await RecoverAbandonedAsync(head, stopping);
                continue;
            }

            // A run id names the run to the handler that reports on it: a new random one, so that nobody can guess it.
            _unconfirmedRunId = Guid.NewGuid();
            var runIdOfStart = _unconfirmedRunId.Value;
            // A remote run is sent its RunJob with the start, and has until the pickup timeout to say it took it.
            var route = handlers.FindRemote(head.JobType);
            var remote = route is null ? null : new RemoteRun(route.Queue, _options.LeaseDuration, _reportTo);
            JobSnapshot? started;
            using (var wait = JobSpans.StartWait(head))
            {
                started = await saga.StartAsync(head.CorrelationId, runIdOfStart, remote, route?.PickupTimeout ?? _options.LeaseDuration, stopping);
                JobSpans.Started(wait, started);
            }

            _unconfirmedRunId = null;
            if (started is null)
            {
                // Cancelled between our read and the start: the next head is the next job in line.
                LogSkipped(head.CorrelationId);
                continue;
            }

            var behind = line.FindPendingAfterAsync(store, head.Sequence, stopping);
            var finished = true;
            bool othersWaiting;
            if (remote is null)
            {
                othersWaiting = await RunAndRecordAsync(head, started.Attempt, runIdOfStart, () => claims.OthersWaitingAsync(claim, stopping), stopping);
            }
            else
            {
                finished = await WaitForRemoteRunAsync(head.CorrelationId, runIdOfStart, claimLost, stopping);
                othersWaiting = await claims.OthersWaitingAsync(claim, stopping);
            }

            var ahead = await ReadAheadAsync(behind);
            // The job behind is next only once this one has finished: a remote run given up on its lease puts its job
            // back at the head of the line, ahead of the one read.
            next = finished ? ahead : null;
            if (othersWaiting)
            {
                // Another store waits for a slot: this line goes to the back, behind every line served before it.
                await claims.ReleaseAsync(claim, stopping);
                return;
            }
        }
    }

    /// <summary>Renews the claim every third of its lease; completes with true if it was lost (ran out and taken over).</summary>
    async Task<bool> KeepClaimAsync(LineClaim claim, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.LeaseDuration / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (!await claims.RenewAsync(claim, stop))
                        return true;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    LogClaimRenewalFailed(ex, claim.StoreId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The line was given up; so is its claim's heartbeat.
        }

        return false;
    }

    /// <summary>The job read ahead, or nothing (a fresh look at the line) when the read failed.</summary>
    async Task<JobState?> ReadAheadAsync(Task<JobState?> behind)
    {
        try
        {
            return await behind;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadAheadFailed(ex);
            return null;
        }
    }

    /// <summary>
    /// Runs a started job in this process and records its outcome, inside the job's run span: the handler's work and the
    /// saga's consume of the outcome are in the job's trace.
    /// </summary>
    /// <remarks>
    /// With <paramref name="lookAround"/>, that look (whether another line waits) starts once the handler has returned and
    /// runs beside the outcome's commit rather than after it; its answer is returned (false without one).
    /// </remarks>
    async Task<bool> RunAndRecordAsync(JobState job, int attempt, Guid runId, Func<Task<bool>>? lookAround, CancellationToken stopping)
    {
        using var span = JobSpans.StartRun(job, attempt);
        var outcome = await RunAsync(job, attempt, runId, stopping);
        var look = lookAround?.Invoke() ?? Task.FromResult(false);
        try
        {
            await RecordAsync(outcome, stopping);
        }
        catch
        {
            // The look's answer is of no use without the outcome, and its failure, if any, is not the one to report.
            _ = look.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }

        JobTracing.Ended(span, outcome);
        return await look;
    }

    /// <summary>Runs a started job's handler under its lease; on shutdown, hands the job back and rethrows.</summary>
    async Task<JobCompleted> RunAsync(JobState job, int attempt, Guid runId, CancellationToken stopping)
    {
        LogStarted(job.CorrelationId, job.JobType, attempt);
        try
        {
            using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var beats = new RunHeartbeat(clock);
            var heartbeat = JobTracing.OutsideTrace(() => leases.KeepAsync(job.CorrelationId, runId, beats, heartbeatStop.Token));
            try
            {
                return await invoker.InvokeAsync(job, attempt, runId, beats, stopping);
            }
            finally
            {
                await heartbeatStop.CancelAsync();
                await heartbeat;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await HandBackAsync(job.CorrelationId, attempt);
            throw;
        }
    }

    /// <summary>
    /// Waits while a run in another service holds the job: until the saga has recorded its outcome (a wake-up says so,
    /// from this process at once or from another worker through the bus), its lease runs out (no heartbeat: it is
    /// recovered like any abandoned run), its type's timeout passes (it fails, and the late outcome changes nothing),
    /// or this slot's claim is lost. On shutdown the run goes on: the job is not handed back, and the slot that takes
    /// the line over waits for it. Answers true when the job ended (succeeded, failed, or timed out), false when it is
    /// back in line or the wait was given up.
    /// </summary>
    async Task<bool> WaitForRemoteRunAsync(Guid jobId, Guid runId, Task<bool> claimLost, CancellationToken stopping)
    {
        var waiting = false;
        while (true)
        {
            var seen = wakeUps.Count;
            var job = await line.FindAsync(jobId, stopping);
            if (job is null || job.CurrentState != StatusNames.StartedState || job.RunId != runId)
            {
                LogRemoteRunEnded(jobId, job is null ? "gone" : StatusNames.Status(job.CurrentState));
                return job is not null && StatusNames.Status(job.CurrentState) is JobStatuses.Success or JobStatuses.Failed;
            }

            if (!waiting)
                LogWaitingForRemote(jobId, job.JobType, job.Attempt, job.HandlerQueue);
            waiting = true;
            var limit = _options.TimeoutFor(job.JobType);
            var deadline = job.StartedAt!.Value + limit;
            var now = clock.GetUtcNow().UtcDateTime;
            if (job.LeaseExpiresAt <= now)
                return await RecoverAbandonedAsync(job, stopping);

            if (now >= deadline)
            {
                LogRemoteTimedOut(job.CorrelationId, job.JobType, limit);
                await saga.RecordOutcomeAsync(new JobCompleted
                {
                    JobId = job.CorrelationId,
                    Attempt = job.Attempt,
                    RunId = runId,
                    Succeeded = false,
                    Errors = [new JobError(NewId.NextGuid(), RunErrors.TimedOut(job.JobType, limit))],
                }, stopping);
                return true;
            }

            if (claimLost.IsCompleted)
                return false;

            // Until it is picked up, a run's lease is its pickup deadline; the handler's first heartbeat brings it in to a
            // lease from then, and nothing wakes this slot for that. Looking again within a lease finds a handler that
            // picked the job up and died as soon as its lease runs out, not at the pickup deadline.
            var until = new[] { job.LeaseExpiresAt!.Value, deadline, now + _options.LeaseDuration }.Min();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            await Task.WhenAny(wakeUps.WaitAsync(seen, wait.Token), Task.Delay(until - now, clock, wait.Token), claimLost);
            await wait.CancelAsync();
            stopping.ThrowIfCancellationRequested();
        }
    }

    async Task RecordAsync(JobCompleted outcome, CancellationToken stopping)
    {
        await saga.RecordOutcomeAsync(outcome, stopping);
        LogFinished(outcome.JobId, outcome.Succeeded ? JobStatuses.Success : JobStatuses.Failed);
    }

    /// <summary>
    /// Puts an abandoned job back in line, or fails it on its last attempt; answers true when it failed it. The lease that
    /// ran out is counted here, where it is found, once the saga has answered (after its commit); the slot holds the
    /// line's claim, renewed as it goes, so no other runner recovers the same run.
    /// </summary>
    async Task<bool> RecoverAbandonedAsync(JobState job, CancellationToken stopping)
    {
        if (job.Attempt < _options.MaxAttempts)
        {
            LogPuttingBackAbandoned(job.CorrelationId, RunErrors.Abandoned(job, _options.LeaseDuration), job.Attempt, _options.MaxAttempts);
            await saga.PutBackInLineAsync(new PutJobBackInLine(job.CorrelationId, job.Attempt, ReleaseAttempt: false), stopping);
            metrics.LeaseExpired(job.JobType, JobsMetrics.PutBack);
            return false;
        }

        LogFailingAbandoned(job.CorrelationId, RunErrors.Abandoned(job, _options.LeaseDuration), job.Attempt);
        await saga.RecordOutcomeAsync(new JobCompleted
        {
            JobId = job.CorrelationId,
            Attempt = job.Attempt,
            RunId = job.RunId!.Value,
            Succeeded = false,
            Errors = [new JobError(NewId.NextGuid(), RunErrors.GaveUp(job, _options.LeaseDuration))],
        }, stopping);
        metrics.LeaseExpired(job.JobType, JobsMetrics.Failed);
        return true;
    }

    /// <summary>On shutdown: the job goes back to its place in line, without spending an attempt.</summary>
    async Task HandBackAsync(Guid jobId, int attempt)
    {
        try
        {
            using var deadline = new CancellationTokenSource(_options.RequestTimeout, clock);
            await saga.PutBackInLineAsync(new PutJobBackInLine(jobId, attempt, ReleaseAttempt: true), deadline.Token);
            LogHandedBack(jobId);
        }
        catch (Exception ex)
        {
            // The lease still protects the job: another runner retries it once the lease runs out.
            LogHandBackFailed(ex, jobId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The claim on the line of store {StoreId} was lost; another runner has the line")]
    partial void LogClaimLost(string storeId);

    [LoggerMessage(LogLevel.Warning, "Renewing the claim on the line of store {StoreId} failed; trying again at the next beat")]
    partial void LogClaimRenewalFailed(Exception exception, string storeId);

    [LoggerMessage(LogLevel.Debug, "Reading the next job in line ahead failed; looking at the line afresh")]
    partial void LogReadAheadFailed(Exception exception);

    [LoggerMessage(LogLevel.Information, "Job {JobId} ({JobType}) started, attempt {Attempt}")]
    partial void LogStarted(Guid jobId, string jobType, int attempt);

    [LoggerMessage(LogLevel.Information, "Job {JobId} finished: {Status}")]
    partial void LogFinished(Guid jobId, string status);

    [LoggerMessage(LogLevel.Information, "Job {JobId} was no longer pending when its turn came; skipped")]
    partial void LogSkipped(Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} was abandoned (lease expired: {Reason}) on attempt {Attempt} of {MaxAttempts}; putting it back in line")]
    partial void LogPuttingBackAbandoned(Guid jobId, string reason, int attempt, int maxAttempts);

    [LoggerMessage(LogLevel.Error, "Job {JobId} was abandoned (lease expired: {Reason}) on its last attempt ({Attempt}); failing it")]
    partial void LogFailingAbandoned(Guid jobId, string reason, int attempt);

    [LoggerMessage(LogLevel.Information, "Job {JobId} ({JobType}) runs in another service (queue {Queue}), attempt {Attempt}; waiting for its outcome")]
    partial void LogWaitingForRemote(Guid jobId, string jobType, int attempt, string? queue);

    [LoggerMessage(LogLevel.Information, "Job {JobId}'s remote run ended: {Status}")]
    partial void LogRemoteRunEnded(Guid jobId, string status);

    [LoggerMessage(LogLevel.Error, "Job {JobId} ({JobType}) timed out after {Limit} in another service; failing it")]
    partial void LogRemoteTimedOut(Guid jobId, string jobType, TimeSpan limit);

    [LoggerMessage(LogLevel.Information, "Job {JobId} was handed back to the line because the worker is stopping")]
    partial void LogHandedBack(Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} could not be handed back; it will be retried when its lease expires")]
    partial void LogHandBackFailed(Exception exception, Guid jobId);
}
