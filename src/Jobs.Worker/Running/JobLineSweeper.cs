using Jobs.Worker.Options;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// Catches what a crash or a lost message would leave behind. A submission commits before its wake-up is sent,
/// so a crash in between leaves a pending job nobody announced; a runner that died leaves a started job whose
/// lease runs out; and a cancel that waited for a job that never came is still unanswered. Every sweep interval,
/// each worker checks the head of the line and, when it needs a runner, sends a wake-up to the runner's queue,
/// where the active runner (whichever worker holds it) picks it up; and it answers the cancels whose wait is over.
/// </summary>
sealed partial class JobLineSweeper(
    JobLine line,
    EarlyCancellationExpiry earlyCancellations,
    IBus bus,
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
        // A paused runner leaves the line to the workers whose runners run.
        if (!options.Value.Enabled)
            return;

        var head = await line.FindHeadAsync(cancellationToken);
        var needsRunner = head is not null
            && (head.CurrentState == StatusNames.PendingState || head.LeaseExpiresAt <= clock.GetUtcNow().UtcDateTime);
        if (!needsRunner)
            return;

        var endpoint = await bus.GetSendEndpoint(JobEndpoints.JobRunnerAddress);
        await endpoint.Send(new RunJobs(), Transient.Send, cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Sweeping the line failed; trying again at the next interval")]
    partial void LogSweepFailed(Exception exception);
}
