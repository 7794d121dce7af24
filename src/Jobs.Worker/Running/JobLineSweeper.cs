using Jobs.Worker.Options;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// Catches what a crash or a lost message would leave behind. A submission commits before its wake-up is sent, so
/// a crash in between leaves a line with work that nobody announced; a runner that died leaves lines whose claims
/// run out; and a cancel that waited for a job that never came is still unanswered. Every sweep interval, each
/// worker wakes its own idle slots when some line is claimable, and answers the cancels whose wait is over.
/// </summary>
sealed partial class JobLineSweeper(
    LineClaims claims,
    RunnerWakeUps wakeUps,
    EarlyCancellationExpiry earlyCancellations,
    IOptions<JobRunnerOptions> options,
    TimeProvider clock,
    ILogger<JobLineSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    async Task SweepAsync(CancellationToken cancellationToken)
    {
        await earlyCancellations.ExpireAsync(cancellationToken);
        // A paused runner leaves the lines to the workers whose runners run.
        if (options.Value.Enabled && await claims.AnyClaimableAsync(cancellationToken))
            wakeUps.Wake();
    }

    [LoggerMessage(LogLevel.Warning, "Sweeping the lines failed; trying again at the next interval")]
    partial void LogSweepFailed(Exception exception);
}
