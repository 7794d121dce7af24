using Jobs.Contracts;
using Jobs.Worker.Handlers;
using Jobs.Worker.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jobs.Worker.Hosting;

/// <summary>
/// The facts a process prints once it has started, so that whoever started it sees what runs where: the bus and the
/// database it uses (never their credentials), its lines, and where each job type's work runs.
/// </summary>
public static class RunSummary
{
    /// <summary>The bus and the database, e.g. <c>in-memory bus, SQLite file /srv/jobs.db</c>.</summary>
    public static string Mode(IConfiguration configuration)
    {
        var options = configuration.GetJobsOptions();
        var bus = options.Transport == JobsTransport.RabbitMq ? RabbitMq(configuration.GetConnectionString("RabbitMq")) : "in-memory bus";
        var database = configuration.GetJobsDatabase();
        return $"{bus}, {(database.Provider == JobsDatabase.Postgres ? Postgres(database.ConnectionString) : Sqlite(database.ConnectionString))}";
    }

    /// <summary>How many lines this process runs at once, or that its runner is paused.</summary>
    public static string Lines(IServiceProvider services)
    {
        var runner = services.GetRequiredService<IOptions<JobRunnerOptions>>().Value;
        return runner.Enabled
            ? $"up to {runner.MaxConcurrentLines} store lines at once"
            : "none: the runner is paused (Jobs:Runner:Enabled is false)";
    }

    /// <summary>Where each job type's work runs: in this process, on another service's queue, or nowhere yet.</summary>
    public static string Handlers(IServiceProvider services)
    {
        var registry = services.GetRequiredService<JobHandlerRegistry>();
        var inProcess = JobTypes.All.Where(t => registry.Find(t) is not null).ToList();
        var remote = JobTypes.All.Select(t => (Type: t, Remote: registry.FindRemote(t))).Where(x => x.Remote is not null)
            .Select(x => $"{x.Type} on queue '{x.Remote!.Queue}'").ToList();
        var none = JobTypes.All.Where(t => registry.Find(t) is null && registry.FindRemote(t) is null).ToList();
        var parts = new List<string>();
        if (inProcess.Count > 0)
            parts.Add($"in this process: {string.Join(", ", inProcess)}");
        if (remote.Count > 0)
            parts.Add($"in other services: {string.Join(", ", remote)}");
        if (none.Count > 0)
            parts.Add($"no handler (such jobs wait): {string.Join(", ", none)}");
        return string.Join("; ", parts);
    }

    static string RabbitMq(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var amqp)
            ? $"RabbitMQ at {amqp.Host}:{(amqp.IsDefaultPort || amqp.Port < 0 ? 5672 : amqp.Port)}, virtual host {Uri.UnescapeDataString(amqp.AbsolutePath.Length > 1 ? amqp.AbsolutePath[1..] : "/")}"
            : "RabbitMQ";

    static string Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL database {builder.Database ?? builder.Username} at {builder.Host}:{builder.Port}";
    }

    static string Sqlite(string connectionString) =>
        $"SQLite file {Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource)}";
}
