using System.Threading.Channels;
using Jobs.Worker.Options;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// The worker's one runner. Wake-ups are coalesced: however many arrive while the line is being run, they
/// cause at most one more pass. Work happens here rather than inside the wake-up's consumer so that a job
/// may run for hours without holding a broker delivery open (RabbitMQ's acknowledgement timeout) and so
/// that shutdown can hand a running job back cleanly.
/// </summary>
sealed partial class JobRunnerLoop(
    JobRunner runner,
    IOptions<JobRunnerOptions> options,
    TimeProvider clock,
    ILogger<JobRunnerLoop> logger) : BackgroundService
{
    readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Wake() => _wakeUps.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogPaused();
            return;
        }

        var failures = 0;
        while (await _wakeUps.Reader.WaitToReadAsync(stoppingToken))
        {
            _wakeUps.Reader.TryRead(out _);
            try
            {
                await runner.RunLineAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database or the broker is away. Nothing is lost: the line is in the database, and
                // the next pass starts from its head. Back off, then try again without waiting to be woken.
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(100 * Math.Pow(2, failures), 10_000));
                LogPassFailed(ex, delay);
                await Task.Delay(delay, clock, stoppingToken);
                Wake();
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "The runner is paused (Jobs:Runner:Enabled is false): no job starts in this worker")]
    partial void LogPaused();

    [LoggerMessage(LogLevel.Error, "Running the line failed; trying again in {Delay}")]
    partial void LogPassFailed(Exception exception, TimeSpan delay);
}
