using System.Globalization;
using Jobs.Handlers;
using Jobs.Worker.Handlers;

namespace Jobs.TestWorker;

/// <summary>
/// A handler scripted by the job's <c>behavior</c> parameter, for tests that watch it from another process:
/// <c>succeed</c> (the default), <c>sleep:milliseconds</c>, <c>fail:message</c>, <c>throw:message</c>,
/// <c>hang</c> (never returns, whatever its token says) or <c>wait-file:path</c> (succeeds once the file
/// exists; stops when cancelled). Every run leaves <c>&lt;job&gt;.&lt;attempt&gt;.start</c> and, when it ends,
/// <c>.end</c> files in the runs folder, holding the worker's process id and the time. Each is written under a
/// temporary name ending in <c>.tmp</c> and then renamed, so that a reader only ever sees whole files.
/// </summary>
sealed class ProcessScriptedHandler(string jobType, string runsDirectory) : IJobHandler
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public string JobType => jobType;

    public async Task<JobResult> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        var run = Path.Combine(runsDirectory, $"{job.JobId}.{job.Attempt}");
        await WriteWholeAsync($"{run}.start", Stamp());
        var outcome = "cancelled";
        try
        {
            var result = await BehaveAsync(job.Parameters.GetValueOrDefault("behavior", "succeed"), cancellationToken);
            outcome = result.Succeeded ? "succeeded" : "failed";
            return result;
        }
        finally
        {
            await WriteWholeAsync($"{run}.end", $"{Stamp()} {outcome}");
        }
    }

    static async Task<JobResult> BehaveAsync(string behavior, CancellationToken cancellationToken)
    {
        var (verb, argument) = behavior.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
            ? (behavior[..colon], behavior[(colon + 1)..])
            : (behavior, "");
        switch (verb)
        {
            case "sleep":
                await Task.Delay(int.Parse(argument, CultureInfo.InvariantCulture), cancellationToken);
                return JobResult.Success();
            case "fail":
                return JobResult.Failure(argument);
            case "throw":
                throw new InvalidOperationException(argument);
            case "hang":
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
                return JobResult.Success();
            case "wait-file":
                while (!File.Exists(argument))
                    await Task.Delay(PollInterval, cancellationToken);
                return JobResult.Success();
            default:
                return JobResult.Success();
        }
    }

    /// <summary>
    /// The tests poll the runs folder while workers write it: a file created under its final name could be read
    /// before its text is in it. A rename within one folder is atomic, so the final name appears with its text.
    /// </summary>
    static async Task WriteWholeAsync(string path, string text)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, text, CancellationToken.None);
        File.Move(temporary, path, overwrite: true);
    }

    static string Stamp() =>
        $"{Environment.ProcessId} {DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)}";
}
