using Jobs.Contracts;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Handlers;

/// <summary>
/// The runs a service of its own is doing for Jobs (<see cref="JobHandlerConsumer{THandler}"/>). A run goes on after
/// its <see cref="RunJob"/> is acknowledged: Jobs holds the job by the run's heartbeats, not by a broker delivery,
/// so a run may last longer than RabbitMQ lets a delivery stay unacknowledged. When the service stops, each
/// handler's token fires and it has a grace period to finish; a run that does not report stops beating, and Jobs
/// offers its job again once the lease runs out.
/// </summary>
public sealed partial class RemoteJobRuns(IBus bus, TimeProvider clock, ILogger<RemoteJobRuns> logger) : IHostedService
{
    /// <summary>How long a stopping service waits for its handlers to finish.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    readonly CancellationTokenSource _stopping = new();
    readonly Lock _lock = new();
    readonly HashSet<Task> _runs = [];

    /// <summary>Runs <paramref name="job"/> with <paramref name="handler"/>, reporting to its <see cref="RunJob.ReportTo"/>.</summary>
    public void Start(IJobHandler handler, RunJob job)
    {
        var run = RunAsync(handler, job);
        lock (_lock)
            _runs.Add(run);
        _ = run.ContinueWith(t =>
        {
            lock (_lock)
                _runs.Remove(t);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    async Task RunAsync(IJobHandler handler, RunJob run)
    {
        await Task.Yield();
        using var scope = logger.BeginJobScope(run.JobId, run.StoreId);
        ISendEndpoint reportTo;
        try
        {
            // The bus's endpoint, not the RunJob's consume context's: the run outlives that delivery.
            reportTo = await bus.GetSendEndpoint(run.ReportTo);
        }
        catch (Exception ex)
        {
            // Without a way to report, the run stops beating; Jobs offers the job again once the lease runs out.
            LogNoReportTo(ex, run.JobId, run.ReportTo);
            return;
        }

        var heartbeat = new RunHeartbeat(clock);
        var job = new JobExecution
        {
            JobId = run.JobId,
            JobType = run.JobType,
            StoreId = run.StoreId,
            Attempt = run.Attempt,
            Parameters = run.Parameters,
            Progress = heartbeat,
        };
        // The RunJob's consume is current (MassTransit took its trace from the message's headers): the run is its child,
        // and the outcome, sent inside the run, carries the trace back to the saga.
        using var span = JobTracing.StartRun(run.JobId, run.StoreId, run.JobType, run.Attempt);
        using var beating = new CancellationTokenSource();
        var beats = JobTracing.OutsideTrace(() => heartbeat.KeepAsync(run.Lease,
            (progress, ct) => reportTo.Send(new JobHeartbeat { JobId = run.JobId, Attempt = run.Attempt, RunId = run.RunId, Progress = progress }, ct),
            ex => LogBeatFailed(ex, run.JobId), beating.Token));
        JobCompleted outcome;
        try
        {
            outcome = JobOutcomes.FromResult(job, run.RunId, await handler.RunAsync(job, _stopping.Token));
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the job is Jobs' to offer again once the lease runs out, not this run's to fail.
            LogLeftToLease(run.JobId);
            return;
        }
        catch (Exception ex)
        {
            LogHandlerThrew(ex, run.JobId, run.JobType);
            outcome = JobOutcomes.FromException(job, run.RunId, ex);
        }
        finally
        {
            await beating.CancelAsync();
            await beats;
        }

        await ReportAsync(reportTo, outcome);
        JobTracing.Ended(span, outcome);
    }

    /// <summary>
    /// Sends the outcome, asking again while the broker is away: a lost outcome would have the job run again. Once the
    /// service is stopping, one last attempt within the grace period.
    /// </summary>
    async Task ReportAsync(ISendEndpoint reportTo, JobCompleted outcome)
    {
        for (var delay = TimeSpan.FromMilliseconds(100); ; delay = delay * 2 < MaxBackoff ? delay * 2 : MaxBackoff)
        {
            var stopping = _stopping.IsCancellationRequested;
            try
            {
                using var deadline = new CancellationTokenSource(stopping ? StopGrace : Timeout.InfiniteTimeSpan, clock);
                await reportTo.Send(outcome, deadline.Token);
                return;
            }
            catch (Exception ex)
            {
                LogReportFailed(ex, outcome.JobId, delay);
                if (stopping)
                    return;
            }

            try
            {
                await Task.Delay(delay, clock, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping: one last attempt.
            }
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] runs;
        lock (_lock)
            runs = [.. _runs];
        try
        {
            await Task.WhenAll(runs).WaitAsync(StopGrace, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogRunsLeft(runs.Count(r => !r.IsCompleted));
        }
    }

    [LoggerMessage(LogLevel.Error, "Job {JobId} cannot be run: its reportTo {ReportTo} is not an address of this bus")]
    partial void LogNoReportTo(Exception exception, Guid jobId, Uri reportTo);

    [LoggerMessage(LogLevel.Warning, "A heartbeat of job {JobId} failed; trying again at the next beat")]
    partial void LogBeatFailed(Exception exception, Guid jobId);

    [LoggerMessage(LogLevel.Error, "The handler of job {JobId} ({JobType}) threw")]
    partial void LogHandlerThrew(Exception exception, Guid jobId, string jobType);

    [LoggerMessage(LogLevel.Warning, "Reporting the outcome of job {JobId} failed; trying again in {Delay}")]
    partial void LogReportFailed(Exception exception, Guid jobId, TimeSpan delay);

    [LoggerMessage(LogLevel.Information, "Job {JobId} was left unfinished because the service is stopping; Jobs offers it again when its lease runs out")]
    partial void LogLeftToLease(Guid jobId);

    [LoggerMessage(LogLevel.Warning, "{Count} runs did not finish within the stop grace; Jobs offers their jobs again when their leases run out")]
    partial void LogRunsLeft(int count);
}
