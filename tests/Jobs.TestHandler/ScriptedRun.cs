using System.Globalization;

namespace Jobs.TestHandler;

/// <summary>
/// One run, as the README's rules have it: the first heartbeat as soon as the RunJob is taken, then the acknowledgement,
/// then beats every third of the lease while the job's <c>behavior</c> plays out, then JobCompleted. The behavior is a
/// list of steps separated by <c>;</c>, done in order:
/// <list type="bullet">
/// <item><c>succeed</c>, or <c>fail:message|message…</c>: report the outcome. The first one ends the work (beats stop,
/// the run's end is recorded); a later one sends JobCompleted again, as a handler unsure its report arrived does.</item>
/// <item><c>progress:percent:message</c>: a heartbeat with progress.</item>
/// <item><c>wait-file:path</c>: keep beating until the file exists.</item>
/// <item><c>silent</c>: stop here, never to beat or report again, as a handler that hung or lost the broker.</item>
/// </list>
/// A behavior without an outcome succeeds after its last step; none at all is <c>succeed</c>.
/// </summary>
sealed class ScriptedRun(RunJob run, Reports reports, RunFiles files)
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public async Task RunAsync(Func<Task> acknowledge)
    {
        try
        {
            await reports.HeartbeatAsync(run);
            await acknowledge();
            await files.StartedAsync(run);
            await PlayAsync();
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"Run {run} failed: {ex}");
        }
    }

    async Task PlayAsync()
    {
        using var beating = new CancellationTokenSource();
        var beats = BeatAsync(beating.Token);
        var reported = 0;
        foreach (var step in run.Behavior.Split(';'))
        {
            var (verb, argument) = step.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? (step[..colon], step[(colon + 1)..]) : (step, "");
            switch (verb)
            {
                case "succeed" or "fail":
                    var errors = verb == "fail" ? argument.Split('|') : [];
                    if (reported == 0)
                        await EndWorkAsync(errors.Length == 0 ? "succeeded" : "failed");
                    await reports.CompletedAsync(run, errors);
                    Console.WriteLine($"Run {run} reported JobCompleted #{++reported}");
                    break;
                case "progress":
                    var percent = argument[..argument.IndexOf(':', StringComparison.Ordinal)];
                    await reports.HeartbeatAsync(run, int.Parse(percent, CultureInfo.InvariantCulture), argument[(percent.Length + 1)..]);
                    break;
                case "wait-file":
                    while (!File.Exists(argument))
                        await Task.Delay(PollInterval);
                    break;
                case "silent":
                    await beating.CancelAsync();
                    await beats;
                    Console.WriteLine($"Run {run} fell silent");
                    return;
                default:
                    throw new InvalidOperationException($"Unknown step '{step}' in behavior '{run.Behavior}'.");
            }
        }

        if (reported == 0)
        {
            await EndWorkAsync("succeeded");
            await reports.CompletedAsync(run, []);
            Console.WriteLine($"Run {run} reported JobCompleted #1");
        }

        // The end is written before the outcome goes out: once Jobs has the outcome it may start the store's next job,
        // whose start must come after this end in the tests' record.
        async Task EndWorkAsync(string outcome)
        {
            await beating.CancelAsync();
            await beats;
            await files.EndedAsync(run, outcome);
        }
    }

    async Task BeatAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(run.Lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
                await reports.HeartbeatAsync(run);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The work is over, or the run fell silent: no more beats.
        }
    }
}
