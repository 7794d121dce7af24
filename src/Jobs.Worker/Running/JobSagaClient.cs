using Jobs.Contracts;
using Jobs.Worker.Options;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// The runner's side of its conversation with the job saga, in-process through MassTransit's mediator (see
/// <c>AddJobsMediator</c>): each answer comes once the saga's transaction has committed.
/// </summary>
sealed partial class JobSagaClient(IMediator mediator, IOptions<JobRunnerOptions> options, TimeProvider clock, ILogger<JobSagaClient> logger)
{
    static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    readonly JobRunnerOptions _options = options.Value;

    // Made once: every slot asks through the same clients, job after job.
    readonly IRequestClient<StartJob> _starts = mediator.CreateRequestClient<StartJob>(options.Value.RequestTimeout);
    readonly IRequestClient<JobCompleted> _outcomes = mediator.CreateRequestClient<JobCompleted>(options.Value.RequestTimeout);
    readonly IRequestClient<PutJobBackInLine> _putBacks = mediator.CreateRequestClient<PutJobBackInLine>(options.Value.RequestTimeout);

    /// <summary>
    /// Starts the job durably, in this process or, with <paramref name="remote"/>, in another service (whose
    /// <c>RunJob</c> is sent with the start); null when it is no longer pending (cancelled meanwhile, say).
    /// </summary>
    public async Task<JobSnapshot?> StartAsync(Guid jobId, Guid runId, RemoteRun? remote, TimeSpan lease, CancellationToken cancellationToken)
    {
        var response = await _starts.GetResponse<JobStarted, JobNotStartable, JobNotFound>(new StartJob(jobId, runId, lease, remote), cancellationToken);
        return response.Is(out Response<JobStarted>? started) ? started.Message.Job : null;
    }

    public async Task PutBackInLineAsync(PutJobBackInLine command, CancellationToken cancellationToken) =>
        await _putBacks.GetResponse<JobPutBackInLine, JobNotFound>(command, cancellationToken);

    public Task RenewLeaseAsync(Guid jobId, Guid runId, JobProgress? progress, CancellationToken cancellationToken) =>
        mediator.Send(new RenewJobLease(jobId, runId, _options.LeaseDuration, progress), cancellationToken);

    /// <summary>
    /// Records a job's outcome, asking until the saga confirms it: the next job must not start before, and
    /// giving up would have the job run again once its lease ran out. A database that is away is waited out
    /// with backoff. Each attempt is bounded by the request timeout rather than by
    /// <paramref name="stopping"/>, so that a worker on its way out still records what it finished; once
    /// stopping, it makes one last attempt and then leaves the job to its lease.
    /// </summary>
    public async Task RecordOutcomeAsync(JobCompleted outcome, CancellationToken stopping)
    {
        for (var delay = TimeSpan.FromMilliseconds(100); ; delay = Min(delay * 2, MaxBackoff))
        {
            try
            {
                await _outcomes.GetResponse<JobCompletionRecorded, JobNotFound>(outcome, CancellationToken.None);
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

    [LoggerMessage(LogLevel.Warning, "Recording the outcome of job {JobId} failed; asking again in {Delay}")]
    partial void LogOutcomeNotRecorded(Exception exception, Guid jobId, TimeSpan delay);
}
