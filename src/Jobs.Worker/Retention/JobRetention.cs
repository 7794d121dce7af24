using Jobs.Worker.Options;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Retention;

/// <summary>
/// Deletes finished jobs once they are older than <see cref="RetentionOptions.FinishedJobs"/> (docs/design.md,
/// "Retention"). Every <see cref="RetentionOptions.Interval"/> a pass fixes its cutoff (now less the age) and deletes
/// batch after batch, each in a short transaction of its own, until no finished job last updated before the cutoff is
/// left; pending and started jobs are never candidates. Every worker runs one; on PostgreSQL their batches skip each
/// other's rows.
/// </summary>
sealed partial class JobRetention(RetentionBatches batches, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<JobRetention> logger)
    : BackgroundService
{
    readonly RetentionOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            LogOff();
            return;
        }

        LogOn(_options.FinishedJobs, _options.Interval, _options.BatchSize);
        using var timer = new PeriodicTimer(_options.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await PassAsync(stoppingToken);
    }

    /// <summary>One pass; a failure is logged and the next pass carries on where this one stopped.</summary>
    async Task PassAsync(CancellationToken stoppingToken)
    {
        var started = clock.GetTimestamp();
        var cutoff = clock.GetUtcNow().UtcDateTime - _options.FinishedJobs;
        var deleted = 0;
        var batchCount = 0;
        try
        {
            int inBatch;
            do
            {
                inBatch = await batches.DeleteOldestAsync(cutoff, _options.BatchSize, stoppingToken);
                deleted += inBatch;
                batchCount += inBatch > 0 ? 1 : 0;
            }
            // A short batch means nothing older is left, except rows another worker's batch holds, which it deletes.
            while (inBatch == _options.BatchSize);

            LogPass(deleted > 0 ? LogLevel.Information : LogLevel.Debug, deleted, cutoff, batchCount, clock.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogPassFailed(ex, deleted, _options.Interval);
        }
    }

    [LoggerMessage(LogLevel.Information, "Retention is off (Jobs:Retention:Enabled is false): finished jobs are kept")]
    partial void LogOff();

    [LoggerMessage(LogLevel.Information, "Retention deletes finished jobs older than {Age}, looking every {Interval}, {BatchSize} to a batch")]
    partial void LogOn(TimeSpan age, TimeSpan interval, int batchSize);

    [LoggerMessage("Retention deleted {Deleted} finished jobs last updated before {Cutoff:O} in {Batches} batches, in {Elapsed}")]
    partial void LogPass(LogLevel level, int deleted, DateTime cutoff, int batches, TimeSpan elapsed);

    [LoggerMessage(LogLevel.Warning, "A retention pass failed after deleting {Deleted} finished jobs; the next pass, in {Interval}, carries on")]
    partial void LogPassFailed(Exception exception, int deleted, TimeSpan interval);
}
