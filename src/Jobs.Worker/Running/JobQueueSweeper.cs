using Jobs.Worker.Options;
using Jobs.Worker.StateMachines;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// Catches lost wake-ups. A submission commits before its wake-up is sent, so a crash in between leaves
/// a pending job nobody announced; and a runner that died leaves a started job whose lease runs out.
/// Every sweep interval, each worker checks the head of the line and, when it needs a runner, sends a
/// wake-up to the runner queue, where the active runner (whichever worker holds it) picks it up.
/// </summary>
sealed partial class JobQueueSweeper(
    JobLine line,
    IBus bus,
    IOptions<JobRunnerOptions> options,
    TimeProvider clock,
    ILogger<JobQueueSweeper> logger) : BackgroundService
{

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;

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
