using Jobs.Contracts;
using Jobs.Worker.Handlers;
using Jobs.Worker.Options;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// Calls a job's handler and turns whatever happens into the job's outcome: its result, its exception, no
/// handler for the type, or a timeout. Only the worker stopping escapes, as an
/// <see cref="OperationCanceledException"/>, so that the job can be handed back.
/// </summary>
sealed partial class JobHandlerInvoker(JobHandlerRegistry handlers, IOptions<JobRunnerOptions> options, TimeProvider clock, ILogger<JobHandlerInvoker> logger)
{
    /// <summary>How long a handler that was told to stop may take to do so before the runner stops waiting.</summary>
    static readonly TimeSpan MaxStopGrace = TimeSpan.FromSeconds(10);

    public async Task<JobCompleted> InvokeAsync(JobState job, int attempt, CancellationToken stopping)
    {
        var handler = handlers.Find(job.JobType);
        if (handler is null)
            return Failed(job, attempt, $"No handler is registered for job type '{job.JobType}'.");

        var limit = options.Value.TimeoutFor(job.JobType);
        using var timeout = new CancellationTokenSource(limit, clock);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            // A handler that ignores its token cannot be stopped, only abandoned: wait for it no longer than
            // its limit and a grace period, and never past the worker's shutdown.
            var grace = limit < MaxStopGrace ? limit : MaxStopGrace;
            var result = await handler.RunAsync(ToExecution(job, attempt), cancellation.Token).WaitAsync(limit + grace, clock, stopping);
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
        catch (Exception ex) when (!stopping.IsCancellationRequested && (timeout.IsCancellationRequested || ex is TimeoutException))
        {
            LogTimedOut(job.CorrelationId, job.JobType, limit, ex is TimeoutException);
            return Failed(job, attempt, $"The {job.JobType} job timed out after {limit}.");
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            LogHandlerThrew(ex, job.CorrelationId, job.JobType);
            return Failed(job, attempt, $"The {job.JobType} handler failed: {ex.Message}");
        }
    }

    static JobCompleted Failed(JobState job, int attempt, string error) => new()
    {
        JobId = job.CorrelationId,
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

    [LoggerMessage(LogLevel.Error, "The handler of job {JobId} ({JobType}) threw")]
    partial void LogHandlerThrew(Exception exception, Guid jobId, string jobType);

    [LoggerMessage(LogLevel.Error, "Job {JobId} ({JobType}) timed out after {Limit}; the handler ignored its cancellation: {Abandoned}")]
    partial void LogTimedOut(Guid jobId, string jobType, TimeSpan limit, bool abandoned);
}
