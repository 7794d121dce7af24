namespace Jobs.Worker.Options;

/// <summary>
/// How Jobs runs. Section <c>Jobs</c>:
/// <code>{ "Jobs": { "Transport": "InMemory", "Database": "Sqlite", "HostWorker": true } }</code>
/// Connection strings: <c>ConnectionStrings:Jobs</c> (database) and <c>ConnectionStrings:RabbitMq</c> (an amqp:// URI).
/// </summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>The default database of embedded mode: a SQLite file in the working directory.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=jobs.db";

    public JobsTransport Transport { get; set; } = JobsTransport.InMemory;

    public JobsDatabase Database { get; set; } = JobsDatabase.Sqlite;

    /// <summary>The API runs the worker (saga, runner) in its own process: embedded mode.</summary>
    public bool HostWorker { get; set; } = true;
}

public enum JobsTransport
{
    InMemory,
    RabbitMq,
}

public enum JobsDatabase
{
    Sqlite,
    Postgres,
}
