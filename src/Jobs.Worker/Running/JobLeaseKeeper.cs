using Jobs.Worker.Options;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// The heartbeat of a job running in this process: renews its lease every third of the lease duration, so that two
/// renewals can be lost before anyone takes the job for abandoned, and carries the handler's progress (sooner, when it
/// reports some). A failed renewal (the database restarting, say) is logged and the next one tried on time.
/// </summary>
sealed partial class JobLeaseKeeper(JobSagaClient saga, IOptions<JobRunnerOptions> options, ILogger<JobLeaseKeeper> logger)
{
    public Task KeepAsync(Guid jobId, Guid runId, RunHeartbeat heartbeat, CancellationToken stop) =>
        heartbeat.KeepAsync(options.Value.LeaseDuration, (progress, ct) => saga.RenewLeaseAsync(jobId, runId, progress, ct),
            ex => LogRenewalFailed(ex, jobId), stop);

    [LoggerMessage(LogLevel.Warning, "Renewing the lease of job {JobId} failed; trying again at the next beat")]
    partial void LogRenewalFailed(Exception exception, Guid jobId);
}
