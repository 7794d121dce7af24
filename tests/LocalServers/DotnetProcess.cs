using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Jobs.LocalServers;

/// <summary>
/// A .NET program run from its build output as a process of its own (<c>dotnet program.dll</c>), in the Production
/// environment and configured through environment variables, as a container would run it. Its output is kept, and
/// its peak memory can be read from <c>/proc</c>.
/// </summary>
public sealed class DotnetProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly string? _readyLine;

    DotnetProcess(string dll, IEnumerable<string> arguments, IDictionary<string, string?> environment, string? readyLine)
    {
        _readyLine = readyLine;
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
        foreach (var (key, value) in environment)
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts <paramref name="dll"/> with <paramref name="environment"/> as its configuration (keys with ':' or '__').</summary>
    public static DotnetProcess Start(string dll, IEnumerable<string> arguments, IDictionary<string, string?> environment) =>
        new(dll, arguments, environment, readyLine: null);

    /// <summary>
    /// Starts <paramref name="dll"/> and waits until it prints <paramref name="readyLine"/>; if it exits or
    /// <paramref name="timeout"/> passes first, stops it and throws with its output.
    /// </summary>
    public static async Task<DotnetProcess> StartAsync(string dll, IEnumerable<string> arguments, IDictionary<string, string?> environment,
        string readyLine, TimeSpan timeout)
    {
        var program = new DotnetProcess(dll, arguments, environment, readyLine);
        var first = await Task.WhenAny(program._ready.Task, program._process.WaitForExitAsync(), Task.Delay(timeout));
        if (first != program._ready.Task)
        {
            await program.DisposeAsync();
            throw new InvalidOperationException($"{Path.GetFileName(dll)} did not start:\n{program.Output}");
        }

        return program;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>The most memory the process has held so far (VmHWM, the peak resident set), in MiB.</summary>
    public double PeakResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>SIGKILL: the process dies at once, without running any shutdown code.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGSTOP: the process stays where it is, doing nothing, until it is killed (a gate a spec holds it at).</summary>
    public Task FreezeAsync() => LocalProcess.RunAsync("kill", ["-STOP", _process.Id.ToString(CultureInfo.InvariantCulture)], user: null);

    /// <summary>SIGTERM, as an orchestrator stops a container, then waits for the process to end.</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken = default)
    {
        if (_process.HasExited)
            return;
        await LocalProcess.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], user: null);
        await _process.WaitForExitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
    }

    void Record(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (_readyLine is not null && line.Contains(_readyLine, StringComparison.Ordinal))
            _ready.TrySetResult();
    }
}
