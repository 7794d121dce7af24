using System.Diagnostics;
using System.Globalization;
using System.Text;
using Jobs.LocalServers;

namespace Jobs.Bench;

/// <summary>
/// A program the benchmark runs as a process of its own (a worker, the API, a peer), so that each is measured
/// apart: its output is kept, its peak resident memory read from <c>/proc</c>.
/// </summary>
sealed class ChildProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly string _readyLine;
    readonly string _name;

    ChildProcess(string dll, IEnumerable<string> arguments, IDictionary<string, string?> environment, string readyLine)
    {
        _readyLine = readyLine;
        _name = string.Join('-', arguments.Take(2).Prepend(Path.GetFileNameWithoutExtension(dll)));
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Only what matters reaches the console: per-job logging would be part of what is measured.
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        info.Environment["Logging__LogLevel__Jobs.Worker.Hosting.JobsWorkerApplication"] = "Information";
        foreach (var (key, value) in environment)
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts a program and waits until it prints <paramref name="readyLine"/>.</summary>
    public static async Task<ChildProcess> StartAsync(string dll, IEnumerable<string> arguments, IDictionary<string, string?> environment,
        string readyLine = "Application started")
    {
        var child = new ChildProcess(dll, arguments, environment, readyLine);
        var first = await Task.WhenAny(child._ready.Task, child._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        if (first != child._ready.Task)
        {
            await child.DisposeAsync();
            throw new InvalidOperationException($"{Path.GetFileName(dll)} did not start:\n{child.Output}");
        }

        return child;
    }

    /// <summary>Runs a program to its end and returns its output.</summary>
    public static async Task<string> RunAsync(string dll, IEnumerable<string> arguments, IDictionary<string, string?> environment)
    {
        await using var child = new ChildProcess(dll, arguments, environment, readyLine: "\u0000");
        await child._process.WaitForExitAsync();
        if (child._process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(dll)} {string.Join(' ', arguments)} exited with {child._process.ExitCode}:\n{child.Output}");
        return child.Output;
    }

    /// <summary>The most memory the process has held so far (VmHWM, the peak resident set), in MiB.</summary>
    public double PeakResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>SIGTERM, then waits for the process to end.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
            return;
        await LocalProcess.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], user: null);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        // JOBS_BENCH_LOGS keeps every child's output, for looking into a figure after the run.
        if (Environment.GetEnvironmentVariable("JOBS_BENCH_LOGS") is { Length: > 0 } logs)
        {
            Directory.CreateDirectory(logs);
            await File.WriteAllTextAsync(Path.Combine(logs, $"{_process.Id}-{_name}.log"), Output);
        }

        _process.Dispose();
    }

    void Record(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (line.Contains(_readyLine, StringComparison.Ordinal))
            _ready.TrySetResult();
    }
}
