using System.Globalization;
using Jobs.LocalServers;

namespace Jobs.Bench;

/// <summary>
/// A program the benchmark runs as a process of its own (a worker, the API, a peer), so that each is measured
/// apart, with logging cut down to what matters: per-job logging would be part of what is measured.
/// </summary>
sealed class ChildProcess : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    readonly DotnetProcess _process;
    readonly string _name;

    ChildProcess(DotnetProcess process, string dll, IEnumerable<string> arguments)
    {
        _process = process;
        var name = string.Join('-', arguments.Take(2).Prepend(Path.GetFileNameWithoutExtension(dll)).Prepend(process.Id.ToString(CultureInfo.InvariantCulture)));
        // Arguments may hold addresses: keep the name a file name.
        _name = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
    }

    /// <summary>Starts a program and waits until it prints <paramref name="readyLine"/>.</summary>
    public static async Task<ChildProcess> StartAsync(string dll, IReadOnlyList<string> arguments, IDictionary<string, string?> environment,
        string readyLine = "Application started") =>
        new(await DotnetProcess.StartAsync(dll, arguments, Quiet(environment), readyLine, StartTimeout), dll, arguments);

    /// <summary>Runs a program to its end and returns its output.</summary>
    public static async Task<string> RunAsync(string dll, IReadOnlyList<string> arguments, IDictionary<string, string?> environment)
    {
        await using var child = new ChildProcess(DotnetProcess.Start(dll, arguments, Quiet(environment)), dll, arguments);
        await child._process.WaitForExitAsync();
        if (child._process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(dll)} {string.Join(' ', arguments)} exited with {child._process.ExitCode}:\n{child._process.Output}");
        return child._process.Output;
    }

    /// <summary>The most memory the process has held so far (VmHWM, the peak resident set), in MiB.</summary>
    public double PeakResidentMegabytes() => _process.PeakResidentMegabytes();

    /// <summary>SIGTERM, then waits for the process to end.</summary>
    public Task StopAsync() => _process.TerminateAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        // JOBS_BENCH_LOGS keeps every child's output, for looking into a figure after the run.
        if (Environment.GetEnvironmentVariable("JOBS_BENCH_LOGS") is { Length: > 0 } logs)
        {
            Directory.CreateDirectory(logs);
            await File.WriteAllTextAsync(Path.Combine(logs, $"{_name}.log"), _process.Output);
        }
    }

    /// <summary>The benchmark's logging levels, under whatever the caller sets.</summary>
    static Dictionary<string, string?> Quiet(IDictionary<string, string?> environment)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging:LogLevel:Jobs.Worker.Hosting.JobsWorkerApplication"] = "Information",
        };
        foreach (var (key, value) in environment)
            settings[key] = value;
        return settings;
    }
}
