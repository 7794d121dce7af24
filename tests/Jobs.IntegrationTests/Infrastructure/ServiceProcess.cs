using System.Diagnostics;
using System.Text;

using Jobs.LocalServers;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// A Jobs program (<c>Jobs.Worker</c> or <c>Jobs.Api</c>) running as a process of its own, from its build
/// output, configured through environment variables as in production. Its output is kept for diagnostics.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ServiceProcess(string folder, string project, IDictionary<string, string?> environment, IEnumerable<string> arguments)
    {
        var (configuration, framework) = BuildFlavour();
        var directory = Path.Combine(Readme.RepositoryRoot(), folder, project, "bin", configuration, framework);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(directory, $"{project}.dll"));
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {project}.");
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Name = project;
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts a worker and waits until its host has started (migrated, bus connected).</summary>
    public static Task<ServiceProcess> StartWorkerAsync(IDictionary<string, string?> environment) =>
        StartAsync("src", "Jobs.Worker", environment, []);

    /// <summary>
    /// Starts the production worker with the scripted handlers of <c>tests/Jobs.TestWorker</c>, which record
    /// their runs in <paramref name="runs"/>.
    /// </summary>
    public static Task<ServiceProcess> StartTestWorkerAsync(IDictionary<string, string?> environment, WorkerRuns runs) =>
        StartAsync("tests", "Jobs.TestWorker", new Dictionary<string, string?>(environment) { ["JOBS_TEST_RUNS"] = runs.Directory }, []);

    /// <summary>The worker's health address, as it logged it when ready.</summary>
    public Uri HealthAddress => new(HealthLine().Match(Output).Groups["address"].Value);

    /// <summary>The most memory the process has held (VmHWM, the peak resident set), in MiB.</summary>
    public double PeakResidentMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>Starts the API in production mode (no worker inside) on a free loopback port.</summary>
    public static async Task<(ServiceProcess Api, Uri Address)> StartApiAsync(IDictionary<string, string?> environment)
    {
        var address = new Uri($"http://127.0.0.1:{LocalProcess.FreePort()}");
        var settings = new Dictionary<string, string?>(environment) { ["Jobs:HostWorker"] = "false" };
        var api = await StartAsync("src", "Jobs.Api", settings, ["--urls", address.ToString()]);
        return (api, address);
    }

    static async Task<ServiceProcess> StartAsync(string folder, string project, IDictionary<string, string?> environment, IEnumerable<string> arguments)
    {
        var service = new ServiceProcess(folder, project, environment, arguments);
        var exited = service._process.WaitForExitAsync();
        var first = await Task.WhenAny(service._started.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != service._started.Task)
        {
            await service.DisposeAsync();
            throw new InvalidOperationException($"{project} did not start:\n{service.Output}");
        }

        return service;
    }

    /// <summary>SIGKILL: the process dies at once, without running any shutdown code.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a container: the host shuts down gracefully.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        await LocalProcess.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], user: null);
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    void Record(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        // The generic host logs this once every hosted service, the bus included, has started.
        if (line.Contains("Application started", StringComparison.Ordinal))
            _started.TrySetResult();
    }

    /// <summary>The configuration and framework the tests were built with, which the programs were built with too.</summary>
    static (string Configuration, string Framework) BuildFlavour()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return (framework.Parent!.Name, framework.Name);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Worker ready; health at (?<address>http://[0-9.:]+)")]
    private static partial System.Text.RegularExpressions.Regex HealthLine();
}
