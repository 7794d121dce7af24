using Jobs.Contracts;
using Jobs.Worker.Handlers;
using Jobs.Worker.Options;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// Calls a job's handler and turns whatever happens into the job's outcome: its result, its exception, no
/// handler for the type, or a timeout. When the worker stops, the handler is told through its token and
/// given a grace period: if it finishes, that is the outcome; otherwise an
/// <see cref="OperationCanceledException"/> escapes, so that the job is handed back.
/// </summary>
sealed partial class JobHandlerInvoker(JobHandlerRegistry handlers, IOptions<JobRunnerOptions> options, TimeProvider clock, ILogger<JobHandlerInvoker> logger)
{
    /// <summary>How long a handler that was told to stop may take to do so before the runner stops waiting.</summary>
    static readonly TimeSpan MaxStopGrace = TimeSpan.FromSeconds(10);

    public async Task<JobCompleted> InvokeAsync(JobState job, int attempt, Guid runId, RunHeartbeat heartbeat, CancellationToken stopping)
    {
        var execution = ToExecution(job, attempt, heartbeat);
        var handler = handlers.Find(job.JobType);
        if (handler is null)
            return JobOutcomes.Failed(execution, runId, RunErrors.NoHandler(job.JobType));

        var limit = options.Value.TimeoutFor(job.JobType);
        var grace = limit < MaxStopGrace ? limit : MaxStopGrace;
        using var timeout = new CancellationTokenSource(limit, clock);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        // A handler that ignores its token cannot be stopped, only abandoned: it gets a grace period to stop
        // after its limit, or after the worker began to stop, and then the runner stops waiting for it.
        using var abandon = new CancellationTokenSource(Timeout.InfiniteTimeSpan, clock);
        using var onStop = stopping.Register(() => abandon.CancelAfter(grace));
        try
        {
            var result = await handler.RunAsync(execution, cancellation.Token).WaitAsync(limit + grace, clock, abandon.Token);
            return JobOutcomes.FromResult(execution, runId, result);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // However the handler ended, the worker is stopping: the job goes back to the line.
            throw new OperationCanceledException(stopping);
        }
        catch (Exception ex) when (timeout.IsCancellationRequested || ex is TimeoutException)
        {
            LogTimedOut(job.CorrelationId, job.JobType, limit, ex is TimeoutException);
            return JobOutcomes.Failed(execution, runId, RunErrors.TimedOut(job.JobType, limit));
        }
        catch (Exception ex)
        {
            LogHandlerThrew(ex, job.CorrelationId, job.JobType);
            return JobOutcomes.FromException(execution, runId, ex);
        }
    }

    static JobExecution ToExecution(JobState job, int attempt, RunHeartbeat heartbeat) => new()
    {
        JobId = job.CorrelationId,
        JobType = job.JobType,
        StoreId = job.StoreId,
        Attempt = attempt,
        Parameters = job.Parameters,
        Progress = heartbeat,
    };

    [LoggerMessage(LogLevel.Error, "The handler of job {JobId} ({JobType}) threw")]
    partial void LogHandlerThrew(Exception exception, Guid jobId, string jobType);

    [LoggerMessage(LogLevel.Error, "Job {JobId} ({JobType}) timed out after {Limit}; the handler ignored its cancellation: {Abandoned}")]
    partial void LogTimedOut(Guid jobId, string jobType, TimeSpan limit, bool abandoned);
}
