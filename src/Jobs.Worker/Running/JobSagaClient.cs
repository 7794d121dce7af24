using Jobs.Contracts;
using Jobs.Worker.Options;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>The runner's side of its conversation with the job saga, on the saga's <c>job-control</c> queue.</summary>
sealed partial class JobSagaClient(IBus bus, IOptions<JobRunnerOptions> options, TimeProvider clock, ILogger<JobSagaClient> logger)
{
    static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    readonly JobRunnerOptions _options = options.Value;

    /// <summary>Starts the job durably; null when it is no longer pending (cancelled meanwhile, say).</summary>
    public async Task<JobSnapshot?> StartAsync(Guid jobId, Guid runId, CancellationToken cancellationToken)
    {
        var response = await bus.CreateRequestClient<StartJob>(JobEndpoints.JobControlAddress, _options.RequestTimeout)
            .GetResponse<JobStarted, JobNotStartable, JobNotFound>(new StartJob(jobId, runId, _options.LeaseDuration), Transient.Request, cancellationToken);
        return response.Is(out Response<JobStarted>? started) ? started.Message.Job : null;
    }

    public async Task RequeueAsync(RequeueJob command, CancellationToken cancellationToken) =>
        await bus.CreateRequestClient<RequeueJob>(JobEndpoints.JobControlAddress, _options.RequestTimeout)
            .GetResponse<JobRequeued, JobNotFound>(command, Transient.Request, cancellationToken);

    public async Task RenewLeaseAsync(Guid jobId, Guid runId, CancellationToken cancellationToken)
    {
        var endpoint = await bus.GetSendEndpoint(JobEndpoints.JobControlAddress);
        await endpoint.Send(new RenewJobLease(jobId, runId, _options.LeaseDuration), Transient.Send, cancellationToken);
    }

    /// <summary>
    /// Sends a job's outcome without waiting for the saga's answer, ahead of the next start on the same queue
    /// (see <see cref="JobRunner"/>). False when it could not be sent; the caller then records it the slow way.
    /// </summary>
    public async Task<bool> TrySendOutcomeAsync(JobCompleted outcome)
    {
        try
        {
            var endpoint = await bus.GetSendEndpoint(JobEndpoints.JobControlAddress);
            using var deadline = new CancellationTokenSource(_options.RequestTimeout, clock);
            await endpoint.Send(outcome, Transient.Send, deadline.Token);
            return true;
        }
        catch (Exception ex)
        {
            LogOutcomeNotSent(ex, outcome.JobId);
            return false;
        }
    }

    /// <summary>
    /// Records a job's outcome, asking until the saga confirms it: the next job must not start before, and
    /// giving up would have the job run again once its lease ran out. A broker or database that is away is
    /// waited out with backoff. Each attempt is bounded by the request timeout rather than by
    /// <paramref name="stopping"/>, so that a worker on its way out still records what it finished; once
    /// stopping, it makes one last attempt and then leaves the job to its lease.
    /// </summary>
    public async Task RecordOutcomeAsync(JobCompleted outcome, CancellationToken stopping)
    {
        var client = bus.CreateRequestClient<JobCompleted>(JobEndpoints.JobControlAddress, _options.RequestTimeout);
        for (var delay = TimeSpan.FromMilliseconds(100); ; delay = Min(delay * 2, MaxBackoff))
        {
            try
            {
                await client.GetResponse<JobCompletionRecorded, JobNotFound>(outcome, Transient.Request, CancellationToken.None);
                return;
            }
            catch (Exception ex)
            {
                LogOutcomeNotRecorded(ex, outcome.JobId, delay);
            }

            stopping.ThrowIfCancellationRequested();
            try
            {
                await Task.Delay(delay, clock, stopping);
            }
            catch (OperationCanceledException)
            {
                // Stopping: one last attempt before giving up.
            }
        }
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(LogLevel.Warning, "Sending the outcome of job {JobId} ahead failed; recording it with a request instead")]
    partial void LogOutcomeNotSent(Exception exception, Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Recording the outcome of job {JobId} failed; asking again in {Delay}")]
    partial void LogOutcomeNotRecorded(Exception exception, Guid jobId, TimeSpan delay);
}
