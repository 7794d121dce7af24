using Jobs.Contracts;
using Jobs.Worker.Handlers;
using Jobs.Worker.Options;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// Runs the line: takes the earliest unfinished job, has the saga start it (durably, before any work),
/// runs its handler, has the saga record the outcome, and only then looks at the line again. Stops when
/// the line is empty or its head is held by a live run elsewhere.
/// </summary>
sealed partial class JobRunner(
    JobLine line,
    JobHandlerRegistry handlers,
    IRequestClient<StartJob> startClient,
    IRequestClient<JobCompleted> completeClient,
    IRequestClient<RequeueJob> requeueClient,
    ISendEndpointProvider sendEndpoints,
    IOptions<JobRunnerOptions> options,
    TimeProvider clock,
    ILogger<JobRunner> logger)
{

    readonly JobRunnerOptions _options = options.Value;

    public async Task RunLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var head = await line.FindHeadAsync(cancellationToken);
            if (head is null)
                return;

            if (head.CurrentState == StatusNames.StartedState)
            {
                if (head.LeaseExpiresAt > clock.GetUtcNow().UtcDateTime)
                    return;
                await RecoverAbandonedAsync(head, cancellationToken);
                continue;
            }

            var runId = NewId.NextGuid();
            var response = await startClient.GetResponse<JobStarted, JobNotStartable, JobNotFound>(
                new StartJob(head.CorrelationId, runId, _options.LeaseDuration), cancellationToken, _options.RequestTimeout);
            if (!response.Is(out Response<JobStarted>? started))
            {
                // Cancelled between our read and the start: the next head is the next job in line.
                LogSkipped(head.CorrelationId);
                continue;
            }

            await RunAsync(head, started.Message.Job.Attempt, runId, cancellationToken);
        }
    }

    async Task RunAsync(JobState job, int attempt, Guid runId, CancellationToken cancellationToken)
    {
        LogStarted(job.CorrelationId, job.JobType, attempt);
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = RenewLeaseUntilAsync(job.CorrelationId, runId, heartbeatStop.Token);

        JobCompleted outcome;
        try
        {
            outcome = await ExecuteAsync(job, attempt, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await HandBackAsync(job.CorrelationId, attempt);
            throw;
        }

        await heartbeatStop.CancelAsync();
        await heartbeat;
        await RecordOutcomeAsync(outcome, cancellationToken);
        LogFinished(job.CorrelationId, outcome.Succeeded ? JobStatuses.Success : JobStatuses.Failed);
    }

    async Task<JobCompleted> ExecuteAsync(JobState job, int attempt, CancellationToken cancellationToken)
    {
        var handler = handlers.Find(job.JobType);
        if (handler is null)
            return Failed(job.CorrelationId, attempt, $"No handler is registered for job type '{job.JobType}'.");

        try
        {
            var result = await handler.RunAsync(ToExecution(job, attempt), cancellationToken);
            return new JobCompleted
            {
                JobId = job.CorrelationId,
                Attempt = attempt,
                Succeeded = result.Succeeded,
                Errors = [.. result.Errors.Select(e => new JobError(NewId.NextGuid(), e))],
                FileLocations = result.FileLocations,
                HierarchyId = result.HierarchyId,
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogHandlerThrew(ex, job.CorrelationId, job.JobType);
            return Failed(job.CorrelationId, attempt, $"The {job.JobType} handler failed: {ex.Message}");
        }
    }

    /// <summary>The outcome must be durable before the next job starts, so ask until the saga answers.</summary>
    async Task RecordOutcomeAsync(JobCompleted outcome, CancellationToken cancellationToken)
    {
        for (var delay = TimeSpan.FromMilliseconds(100); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.TicksPerSecond * 10)))
        {
            try
            {
                await completeClient.GetResponse<JobCompletionRecorded, JobNotFound>(outcome, cancellationToken, _options.RequestTimeout);
                return;
            }
            catch (RequestTimeoutException)
            {
                LogCompletionUnanswered(outcome.JobId, delay);
                await Task.Delay(delay, clock, cancellationToken);
            }
        }
    }

    async Task RecoverAbandonedAsync(JobState job, CancellationToken cancellationToken)
    {
        if (job.Attempt < _options.MaxAttempts)
        {
            LogRequeuingAbandoned(job.CorrelationId, job.Attempt, _options.MaxAttempts);
            await requeueClient.GetResponse<JobRequeued, JobNotFound>(
                new RequeueJob(job.CorrelationId, job.Attempt, "the lease of its run expired", ReleaseAttempt: false),
                cancellationToken, _options.RequestTimeout);
            return;
        }

        LogFailingAbandoned(job.CorrelationId, job.Attempt);
        await RecordOutcomeAsync(
            Failed(job.CorrelationId, job.Attempt,
                $"The worker running this job stopped (no heartbeat for {_options.LeaseDuration}); gave up after {job.Attempt} attempts."),
            cancellationToken);
    }

    /// <summary>On shutdown: the job goes back to its place in line, without spending an attempt.</summary>
    async Task HandBackAsync(Guid jobId, int attempt)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            await requeueClient.GetResponse<JobRequeued, JobNotFound>(
                new RequeueJob(jobId, attempt, "the worker is shutting down", ReleaseAttempt: true), timeout.Token);
            LogHandedBack(jobId);
        }
        catch (Exception ex) when (ex is RequestTimeoutException or OperationCanceledException)
        {
            // The lease still protects the job: another runner retries it once the lease runs out.
            LogHandBackFailed(ex, jobId);
        }
    }

    async Task RenewLeaseUntilAsync(Guid jobId, Guid runId, CancellationToken stop)
    {
        var endpoint = await sendEndpoints.GetSendEndpoint(JobEndpoints.JobControlAddress);
        using var timer = new PeriodicTimer(_options.LeaseDuration / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
                await endpoint.Send(new RenewJobLease(jobId, runId, _options.LeaseDuration), stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended; so does its heartbeat.
        }
    }

    static JobCompleted Failed(Guid jobId, int attempt, string error) => new()
    {
        JobId = jobId,
        Attempt = attempt,
        Succeeded = false,
        Errors = [new JobError(NewId.NextGuid(), error)],
    };

    static JobExecution ToExecution(JobState job, int attempt) => new()
    {
        JobId = job.CorrelationId,
        JobType = job.JobType,
        StoreId = job.StoreId,
        Attempt = attempt,
        Filter = job.Filter,
        HierarchyId = job.SourceHierarchyId,
        ProductId = job.ProductId,
        FileLocation = job.FileLocation,
        Parameters = job.Parameters,
    };

    [LoggerMessage(LogLevel.Information, "Job {JobId} ({JobType}) started, attempt {Attempt}")]
    partial void LogStarted(Guid jobId, string jobType, int attempt);

    [LoggerMessage(LogLevel.Information, "Job {JobId} finished: {Status}")]
    partial void LogFinished(Guid jobId, string status);

    [LoggerMessage(LogLevel.Information, "Job {JobId} was no longer pending when its turn came; skipped")]
    partial void LogSkipped(Guid jobId);

    [LoggerMessage(LogLevel.Error, "The handler of job {JobId} ({JobType}) threw")]
    partial void LogHandlerThrew(Exception exception, Guid jobId, string jobType);

    [LoggerMessage(LogLevel.Warning, "Recording the outcome of job {JobId} got no answer; asking again in {Delay}")]
    partial void LogCompletionUnanswered(Guid jobId, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} was abandoned by its runner (lease expired) on attempt {Attempt} of {MaxAttempts}; putting it back in line")]
    partial void LogRequeuingAbandoned(Guid jobId, int attempt, int maxAttempts);

    [LoggerMessage(LogLevel.Error, "Job {JobId} was abandoned by its runner on its last attempt ({Attempt}); failing it")]
    partial void LogFailingAbandoned(Guid jobId, int attempt);

    [LoggerMessage(LogLevel.Information, "Job {JobId} was handed back to the line because the worker is stopping")]
    partial void LogHandedBack(Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} could not be handed back; it will be retried when its lease expires")]
    partial void LogHandBackFailed(Exception exception, Guid jobId);
}
