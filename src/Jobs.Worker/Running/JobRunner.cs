using Jobs.Contracts;
using Jobs.Worker.Options;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// Runs a store's line while it holds the line's claim: takes the earliest unfinished job, has the saga start it
/// (durably, before any work), runs its handler, has the saga record the outcome, and only then looks at the line
/// again. Gives the line up when it is empty, when its head is held by a live run elsewhere, when another line is
/// waiting for a runner (so that slots go round the stores), or when the claim was lost. One per slot of
/// <see cref="LineSlots"/>, one line at a time.
/// </summary>
sealed partial class JobRunner(
    LineReader line,
    LineClaims claims,
    JobSagaClient saga,
    JobHandlerInvoker invoker,
    JobLeaseKeeper leases,
    IOptions<JobRunnerOptions> options,
    TimeProvider clock,
    ILogger<JobRunner> logger)
{
    readonly JobRunnerOptions _options = options.Value;

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

            if (head.CurrentState == StatusNames.StartedState)
            {
                if (head.RunId is { } runId && runId == _unconfirmedRunId)
                {
                    _unconfirmedRunId = null;
                    await RecordAsync(await RunAsync(head, head.Attempt, runId, stopping), stopping);
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

            _unconfirmedRunId = NewId.NextGuid();
            var runIdOfStart = _unconfirmedRunId.Value;
            var started = await saga.StartAsync(head.CorrelationId, runIdOfStart, stopping);
            _unconfirmedRunId = null;
            if (started is null)
            {
                // Cancelled between our read and the start: the next head is the next job in line.
                LogSkipped(head.CorrelationId);
                continue;
            }

            var behind = line.FindPendingAfterAsync(store, head.Sequence, stopping);
            await RecordAsync(await RunAsync(head, started.Attempt, runIdOfStart, stopping), stopping);
            next = await ReadAheadAsync(behind);
            if (await claims.OthersWaitingAsync(claim, stopping))
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

    /// <summary>Runs a started job's handler under its lease; on shutdown, hands the job back and rethrows.</summary>
    async Task<JobCompleted> RunAsync(JobState job, int attempt, Guid runId, CancellationToken stopping)
    {
        LogStarted(job.CorrelationId, job.JobType, attempt);
        try
        {
            using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var heartbeat = leases.KeepAsync(job.CorrelationId, runId, heartbeatStop.Token);
            try
            {
                return await invoker.InvokeAsync(job, attempt, stopping);
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

    async Task RecordAsync(JobCompleted outcome, CancellationToken stopping)
    {
        await saga.RecordOutcomeAsync(outcome, stopping);
        LogFinished(outcome.JobId, outcome.Succeeded ? JobStatuses.Success : JobStatuses.Failed);
    }

    async Task RecoverAbandonedAsync(JobState job, CancellationToken stopping)
    {
        if (job.Attempt < _options.MaxAttempts)
        {
            LogPuttingBackAbandoned(job.CorrelationId, job.Attempt, _options.MaxAttempts);
            await saga.PutBackInLineAsync(new PutJobBackInLine(job.CorrelationId, job.Attempt, ReleaseAttempt: false), stopping);
            return;
        }

        LogFailingAbandoned(job.CorrelationId, job.Attempt);
        await saga.RecordOutcomeAsync(new JobCompleted
        {
            JobId = job.CorrelationId,
            Attempt = job.Attempt,
            Succeeded = false,
            Errors = [new JobError(NewId.NextGuid(),
                $"The worker running this job stopped (no heartbeat for {_options.LeaseDuration}); gave up after {job.Attempt} attempts.")],
        }, stopping);
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

    [LoggerMessage(LogLevel.Warning, "Job {JobId} was abandoned by its runner (lease expired) on attempt {Attempt} of {MaxAttempts}; putting it back in line")]
    partial void LogPuttingBackAbandoned(Guid jobId, int attempt, int maxAttempts);

    [LoggerMessage(LogLevel.Error, "Job {JobId} was abandoned by its runner on its last attempt ({Attempt}); failing it")]
    partial void LogFailingAbandoned(Guid jobId, int attempt);

    [LoggerMessage(LogLevel.Information, "Job {JobId} was handed back to the line because the worker is stopping")]
    partial void LogHandedBack(Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} could not be handed back; it will be retried when its lease expires")]
    partial void LogHandBackFailed(Exception exception, Guid jobId);
}
