using Jobs.Worker.Options;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// This worker's runners: <c>Jobs:Runner:MaxConcurrentLines</c> slots, each claiming one store's line at a time
/// and running it (<see cref="JobRunner"/>). An idle slot claims the line that has waited longest; with none to
/// claim it waits for a wake-up. Work happens here rather than inside a wake-up's consumer, so that a job may run
/// for hours without holding a broker delivery open, and so that shutdown can hand running jobs back cleanly.
/// </summary>
sealed partial class LineSlots(
    IServiceProvider services,
    LineClaims claims,
    RunnerWakeUps wakeUps,
    IOptions<JobRunnerOptions> options,
    TimeProvider clock,
    ILogger<LineSlots> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogPaused();
            return Task.CompletedTask;
        }

        return Task.WhenAll(Enumerable.Range(0, options.Value.MaxConcurrentLines)
            .Select(_ => RunSlotAsync(ActivatorUtilities.CreateInstance<JobRunner>(services), stoppingToken)));
    }

    async Task RunSlotAsync(JobRunner runner, CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            var seen = wakeUps.Count;
            LineClaim? claim = null;
            try
            {
                claim = await claims.ClaimNextAsync(stopping);
                if (claim is null)
                {
                    await wakeUps.WaitAsync(seen, stopping);
                    continue;
                }

                await runner.RunLineAsync(claim, stopping);
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await LetGoAsync(claim);
                return;
            }
            catch (Exception ex)
            {
                // The database or the broker is away. Nothing is lost: the line is in the database, and the claim runs
                // out if it cannot be given up. Back off, then look for a line again without waiting to be woken.
                await LetGoAsync(claim);
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(100 * Math.Pow(2, failures), 10_000));
                LogPassFailed(ex, delay);
                try
                {
                    await Task.Delay(delay, clock, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Gives a claimed line up, if it can: otherwise its claim runs out by itself.</summary>
    async Task LetGoAsync(LineClaim? claim)
    {
        if (claim is null)
            return;
        try
        {
            await claims.ReleaseAsync(claim, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(ex, claim.StoreId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The runner is paused (Jobs:Runner:Enabled is false): no job starts in this worker")]
    partial void LogPaused();

    [LoggerMessage(LogLevel.Error, "Running a line failed; trying again in {Delay}")]
    partial void LogPassFailed(Exception exception, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "The line of store {StoreId} could not be given up; its claim will run out")]
    partial void LogReleaseFailed(Exception exception, string storeId);
}
