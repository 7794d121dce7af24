using Jobs.Worker.Options;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// The heartbeat of a running job: renews its lease every third of the lease duration, so that two renewals
/// can be lost before anyone takes the job for abandoned. A failed renewal (the broker restarting, say) is
/// logged and the next one tried on time.
/// </summary>
sealed partial class JobLeaseKeeper(JobSagaClient saga, IOptions<JobRunnerOptions> options, TimeProvider clock, ILogger<JobLeaseKeeper> logger)
{
    public async Task KeepAsync(Guid jobId, Guid runId, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await saga.RenewLeaseAsync(jobId, runId, stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    LogRenewalFailed(ex, jobId);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended; so does its heartbeat.
        }
    }

    [LoggerMessage(LogLevel.Warning, "Renewing the lease of job {JobId} failed; trying again at the next beat")]
    partial void LogRenewalFailed(Exception exception, Guid jobId);
}
