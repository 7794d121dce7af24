using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Jobs.LocalServers;

/// <summary>
/// A private RabbitMQ node from Debian's <c>rabbitmq-server</c>, on free loopback ports in a temporary folder,
/// or the server named by <c>JOBS_TEST_RABBITMQ</c> (an amqp:// URI; its management API on port 15672
/// creates the virtual hosts). Each test class gets a virtual host of its own.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    const string CtlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    const string ServiceUser = "rabbitmq";
    static readonly TimeSpan CtlPatience = TimeSpan.FromMinutes(5);

    readonly string? _directory;
    readonly string _nodeName;
    readonly Uri _baseUri;
    Process? _process;
    int _distPort;
    int _vhosts;

    RabbitMqServer(Uri baseUri, string? directory, string nodeName)
    {
        _baseUri = baseUri;
        _directory = directory;
        _nodeName = nodeName;
    }

    public bool IsExternal => _directory is null;

    public int Port => _baseUri.Port;

    public static async Task<RabbitMqServer> StartAsync(IEnumerable<string>? configLines = null)
    {
        var external = Environment.GetEnvironmentVariable("JOBS_TEST_RABBITMQ");
        if (!string.IsNullOrWhiteSpace(external))
            return new RabbitMqServer(new Uri(external), directory: null, nodeName: "");

        if (!File.Exists(ServerScript))
            throw new InvalidOperationException($"{ServerScript} is missing: install Debian's rabbitmq-server (tests/run.sh does) or set JOBS_TEST_RABBITMQ.");

        var directory = Directory.CreateTempSubdirectory("jobs-rabbitmq-").FullName;
        var port = LocalProcess.FreePort();
        var server = new RabbitMqServer(new Uri($"amqp://guest:guest@127.0.0.1:{port}/"), directory, $"jobs-test-{port}@localhost");
        await server.StartNodeAsync(configLines ?? []);
        return server;
    }

    /// <summary>A new, empty virtual host; returns the amqp:// URI that connects to it.</summary>
    public async Task<Uri> CreateVirtualHostAsync()
    {
        var name = $"jobs-{Environment.ProcessId}-{Interlocked.Increment(ref _vhosts)}";
        if (IsExternal)
        {
            using var http = new HttpClient();
            var credentials = Uri.UnescapeDataString(_baseUri.UserInfo);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            var response = await http.PutAsync($"http://{_baseUri.Host}:15672/api/vhosts/{name}", content: null);
            response.EnsureSuccessStatusCode();
            var user = credentials.Split(':')[0];
            var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
            (await http.PutAsync($"http://{_baseUri.Host}:15672/api/permissions/{name}/{user}", permissions)).EnsureSuccessStatusCode();
        }
        else
        {
            await CtlAsync("add_vhost", name);
            await CtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        }

        return new Uri(_baseUri, Uri.EscapeDataString(name));
    }

    /// <summary>
    /// How many messages <paramref name="queue"/> in <paramref name="virtualHost"/> (as <see cref="CreateVirtualHostAsync"/>
    /// returned it) holds ready, and how many it has delivered that are not acknowledged yet. Read from the node itself:
    /// the management API's figures lag by seconds, so an external server's are not offered.
    /// </summary>
    public async Task<(long Ready, long Unacknowledged)> QueueDepthAsync(Uri virtualHost, string queue)
    {
        if (IsExternal)
            throw new InvalidOperationException("An external RabbitMQ's queue depths are not read live.");
        var output = await CtlAsync("list_queues", "-p", Uri.UnescapeDataString(virtualHost.AbsolutePath.TrimStart('/')),
            "--no-table-headers", "--quiet", "name", "messages_ready", "messages_unacknowledged");
        var row = output.Split('\n', StringSplitOptions.TrimEntries).Select(line => line.Split('\t')).FirstOrDefault(c => c.Length == 3 && c[0] == queue)
            ?? throw new InvalidOperationException($"No queue {queue} in {virtualHost}:\n{output}");
        return (long.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), long.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Stops the broker and starts it again on the same port and data (for fault tests).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    /// <summary>Stops the broker (a clean stop: durable queues and persistent messages are kept), for fault tests.</summary>
    public Task StopAsync() => IsExternal ? throw new InvalidOperationException("An external RabbitMQ is not ours to stop.") : StopNodeAsync();

    /// <summary>Starts a broker stopped by <see cref="StopAsync"/> again, on the same port and data.</summary>
    public Task StartAgainAsync() => IsExternal ? throw new InvalidOperationException("An external RabbitMQ is not ours to start.") : StartNodeAsync([]);

    public async ValueTask DisposeAsync()
    {
        if (IsExternal)
            return;
        await StopNodeAsync();
        Directory.Delete(_directory!, recursive: true);
    }

    Dictionary<string, string> NodeEnvironment() => new()
    {
        ["RABBITMQ_NODENAME"] = _nodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = _baseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = _distPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory!, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(_directory!, "log"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory!, "enabled_plugins"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory!, "rabbitmq"),
        ["RABBITMQ_PID_FILE"] = Path.Combine(_directory!, "rabbitmq.pid"),
        // Erlang's distribution and port mapper listen on loopback only, like everything else here.
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        ["HOME"] = LocalProcess.IsRoot ? "/var/lib/rabbitmq" : Environment.GetEnvironmentVariable("HOME") ?? "/tmp",
    };

    async Task StartNodeAsync(IEnumerable<string> configLines)
    {
        if (_distPort == 0)
        {
            _distPort = LocalProcess.FreePort();
            Directory.CreateDirectory(Path.Combine(_directory!, "mnesia"));
            Directory.CreateDirectory(Path.Combine(_directory!, "log"));
            await File.WriteAllTextAsync(Path.Combine(_directory!, "enabled_plugins"), "[].\n");
            await File.WriteAllLinesAsync(Path.Combine(_directory!, "rabbitmq.conf"), configLines);
            await LocalProcess.GiveToAsync(_directory!, ServiceUser);
        }

        var log = Path.Combine(_directory!, "server.out");
        _process = LocalProcess.Start(ServerScript, [], ServiceUser, NodeEnvironment(), log);
        await LocalProcess.WaitForPortAsync(_baseUri.Port, TimeSpan.FromSeconds(60), _process,
            () => LocalProcess.ReadCompleteLines(log));
        await CtlAsync("await_startup");
    }

    async Task StopNodeAsync()
    {
        if (_process is null)
            return;
        try
        {
            await CtlAsync("stop");
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>
    /// rabbitmqctl boots an Erlang VM of its own for every call: on two cores shared with other test runs a call has taken
    /// over a minute, so it is given longer than other commands before it counts as hung.
    /// </summary>
    Task<string> CtlAsync(params string[] arguments) =>
        LocalProcess.RunAsync(CtlScript, ["-n", _nodeName, .. arguments], ServiceUser, NodeEnvironment(), timeout: CtlPatience);
}
