using Jobs.LocalServers;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// A Jobs program (<c>Jobs.Worker</c>, <c>Jobs.TestWorker</c> or <c>Jobs.Api</c>), or the plain AMQP handler of
/// <c>tests/Jobs.TestHandler</c>, running as a process of its own, from the build output the tests were built with. Its
/// output is kept for diagnostics.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    /// <summary>The generic host logs this once every hosted service, the bus included, has started.</summary>
    const string HostStarted = "Application started";

    /// <summary>
    /// A worker logs this, with its health address, when its host has started too, but after
    /// <see cref="HostStarted"/>: its output read on that line may not hold the address yet.
    /// </summary>
    const string WorkerReady = "Worker ready; health at";

    /// <summary>The test handler prints this once it consumes its queue.</summary>
    const string TestHandlerReady = "Test handler consuming";

    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    readonly DotnetProcess _process;

    ServiceProcess(DotnetProcess process) => _process = process;

    public int ProcessId => _process.Id;

    public string Output => _process.Output;

    /// <summary>Starts a worker and waits until its host has started (migrated, bus connected) and it has logged its health address.</summary>
    public static Task<ServiceProcess> StartWorkerAsync(IDictionary<string, string?> environment) =>
        StartAsync("src", "Jobs.Worker", environment, [], WorkerReady);

    /// <summary>
    /// Starts the production worker with the scripted handlers of <c>tests/Jobs.TestWorker</c>, which record
    /// their runs in <paramref name="runs"/>.
    /// </summary>
    public static Task<ServiceProcess> StartTestWorkerAsync(IDictionary<string, string?> environment, WorkerRuns runs) =>
        StartAsync("tests", "Jobs.TestWorker", new Dictionary<string, string?>(environment) { ["JOBS_TEST_RUNS"] = runs.Directory }, [], WorkerReady);

    /// <summary>
    /// Starts the handler of <c>tests/Jobs.TestHandler</c>, a service of its own on the plain AMQP client that takes the
    /// <c>RunJob</c>s of <paramref name="queue"/> and records its runs in <paramref name="runs"/>, and waits until it
    /// consumes.
    /// </summary>
    public static Task<ServiceProcess> StartTestHandlerAsync(string rabbitMqUri, string queue, WorkerRuns runs) =>
        StartAsync("tests", "Jobs.TestHandler", new Dictionary<string, string?>
        {
            ["JOBS_TEST_HANDLER_RABBITMQ"] = rabbitMqUri,
            ["JOBS_TEST_HANDLER_QUEUE"] = queue,
            ["JOBS_TEST_RUNS"] = runs.Directory,
        }, [], TestHandlerReady);

    /// <summary>The worker's health address, as it logged it when ready.</summary>
    public Uri HealthAddress => new(HealthLine().Match(Output).Groups["address"].Value);

    /// <summary>The most memory the process has held (VmHWM, the peak resident set), in MiB.</summary>
    public double PeakResidentMegabytes() => _process.PeakResidentMegabytes();

    /// <summary>
    /// Starts the API in production mode (no worker inside) on a free loopback port, with the client and key of
    /// <see cref="ApiClient"/> (<see cref="ApiClient.CreateAsync"/> calls it with a token).
    /// </summary>
    /// <param name="environment">The services and settings the API runs with.</param>
    /// <param name="patient">
    /// The API waits up to two minutes for the saga's answers, not production's ten seconds: on two loaded cores a
    /// worker that has just started can take longer than that over its first commands. Specs that expect a 503 from a
    /// saga that cannot answer keep the production wait.
    /// </param>
    public static async Task<(ServiceProcess Api, Uri Address)> StartApiAsync(IDictionary<string, string?> environment, bool patient = true)
    {
        var address = new Uri($"http://127.0.0.1:{LocalProcess.FreePort()}");
        var settings = new Dictionary<string, string?>(environment) { ["Jobs:HostWorker"] = "false" };
        if (patient)
            settings["Jobs:Api:RequestTimeout"] = "00:02:00";
        foreach (var (key, value) in ApiClient.Settings())
            settings[key] = value;
        var api = await StartAsync("src", "Jobs.Api", settings, ["--urls", address.ToString()], HostStarted);
        return (api, address);
    }

    static async Task<ServiceProcess> StartAsync(string folder, string project, IDictionary<string, string?> environment, IEnumerable<string> arguments,
        string readyLine)
    {
        var (configuration, framework) = BuildFlavour();
        var dll = Path.Combine(Readme.RepositoryRoot(), folder, project, "bin", configuration, framework, $"{project}.dll");
        var settings = new Dictionary<string, string?>(environment) { ["Logging:Console:FormatterName"] = "simple" };
        return new ServiceProcess(await DotnetProcess.StartAsync(dll, arguments, settings, readyLine, StartTimeout));
    }

    /// <summary>SIGKILL: the process dies at once, without running any shutdown code.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>SIGSTOP: the process goes no further than where it is, until it is killed.</summary>
    public Task FreezeAsync() => _process.FreezeAsync();

    /// <summary>How the process ended: its exit code, or 128 plus the signal that killed it (137 for SIGKILL).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until the process ends by itself; the test fails if it still runs after <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Process {ProcessId} still runs after {timeout}:\n{Output}");
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a container: the host shuts down gracefully.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.TerminateAsync(deadline.Token);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The configuration and framework the tests were built with, which the programs were built with too.</summary>
    static (string Configuration, string Framework) BuildFlavour()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return (framework.Parent!.Name, framework.Name);
    }

    [System.Text.RegularExpressions.GeneratedRegex(WorkerReady + @" (?<address>http://[0-9.:]+)")]
    private static partial System.Text.RegularExpressions.Regex HealthLine();
}
