using Npgsql;

namespace Jobs.LocalServers;

/// <summary>
/// A private PostgreSQL cluster from the machine's binaries (<c>initdb</c>, <c>pg_ctl</c>), on a free loopback
/// port in a temporary folder, or the server named by <c>JOBS_TEST_POSTGRES</c> (a connection string).
/// PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    const string ServiceUser = "postgres";

    readonly string? _directory;
    readonly string _binaries;
    readonly NpgsqlConnectionStringBuilder _admin;
    int _databases;

    PostgresServer(NpgsqlConnectionStringBuilder admin, string? directory, string binaries)
    {
        _admin = admin;
        _directory = directory;
        _binaries = binaries;
    }

    public bool IsExternal => _directory is null;

    public static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("JOBS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
            return new PostgresServer(new NpgsqlConnectionStringBuilder(external), directory: null, binaries: "");

        var binaries = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (binaries is null)
            throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql: install Debian's postgresql (tests/run.sh does) or set JOBS_TEST_POSTGRES.");

        var directory = Directory.CreateTempSubdirectory("jobs-postgres-").FullName;
        var port = LocalProcess.FreePort();
        var server = new PostgresServer(
            new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false },
            directory, binaries);
        await LocalProcess.GiveToAsync(directory, ServiceUser);
        await LocalProcess.RunAsync(Path.Combine(binaries, "initdb"),
            ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], ServiceUser);
        await server.StartClusterAsync();
        return server;
    }

    string DataDirectory => Path.Combine(_directory!, "data");

    /// <summary>A new, empty database; returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"jobs_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Stops the cluster (fast shutdown: open sessions are cut) and starts it again on the same port and data.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAgainAsync();
    }

    /// <summary>Stops the cluster (fast shutdown), for fault tests.</summary>
    public Task StopAsync() => IsExternal ? throw new InvalidOperationException("An external PostgreSQL is not ours to stop.") : PgCtlAsync("stop", "-m", "fast");

    /// <summary>Starts a cluster stopped by <see cref="StopAsync"/> again.</summary>
    public Task StartAgainAsync() => StartClusterAsync();

    public async ValueTask DisposeAsync()
    {
        if (IsExternal)
            return;
        await PgCtlAsync("stop", "-m", "immediate");
        Directory.Delete(_directory!, recursive: true);
    }

    Task StartClusterAsync() =>
        PgCtlAsync("start", "-w", "-l", Path.Combine(_directory!, "server.log"),
            "-o", $"-p {_admin.Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=300");

    Task<string> PgCtlAsync(params string[] arguments) =>
        LocalProcess.RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", DataDirectory, .. arguments], ServiceUser);
}
