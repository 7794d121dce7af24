using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace Jobs.Bench.Peers.Hangfire;

/// <summary>
/// One way of configuring Hangfire on PostgreSQL: the library's defaults (but one worker), or the settings that gave
/// the best serial throughput. Every knob either variant touches is a property here, so that <see cref="Describe"/>
/// reports the values actually used.
/// </summary>
sealed record HangfireVariant
{
    /// <summary>One worker: the serial workload runs one job at a time, like one Jobs slot.</summary>
    const int WorkerCount = 1;

    public required string Name { get; init; }

    // PostgreSqlStorageOptions.
    public required TimeSpan QueuePollInterval { get; init; }
    public required bool EnableLongPolling { get; init; }
    public required bool UseNativeDatabaseTransactions { get; init; }
    public required bool EnableTransactionScopeEnlistment { get; init; }
    public required bool UseSlidingInvisibilityTimeout { get; init; }
    public required TimeSpan InvisibilityTimeout { get; init; }
    public required bool PrepareSchemaIfNecessary { get; init; }

    // BackgroundJobServerOptions.
    public required TimeSpan SchedulePollingInterval { get; init; }
    public required bool IsLightweightServer { get; init; }

    /// <summary>Npgsql connection-string settings laid over the connection string the benchmark gives.</summary>
    public IReadOnlyDictionary<string, string> ConnectionSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Hangfire 1.8's data format, type names without assembly versions and its recommended JSON settings, as its
    /// documentation advises for new applications: smaller payloads to write and parse. False leaves the library's
    /// default (the 1.1 format, kept for compatibility).
    /// </summary>
    public bool Version180Serialization { get; init; }

    /// <summary>
    /// Whether to keep Hangfire's global <see cref="CaptureCultureAttribute"/> and <see cref="ContinuationsSupportAttribute"/>
    /// filters, which cost three reads of job parameters per job; the benchmark's jobs use neither culture nor continuations.
    /// </summary>
    public bool CultureAndContinuationFilters { get; init; } = true;

    /// <summary>What a reader comparing this variant with Jobs should know about it.</summary>
    public required string Caveat { get; init; }

    /// <summary>Hangfire.PostgreSql's and Hangfire's defaults, but one worker.</summary>
    public static HangfireVariant Default()
    {
        var storage = new PostgreSqlStorageOptions();
        var server = new BackgroundJobServerOptions();
        return new HangfireVariant
        {
            Name = "default",
            QueuePollInterval = storage.QueuePollInterval,
            EnableLongPolling = storage.EnableLongPolling,
            UseNativeDatabaseTransactions = storage.UseNativeDatabaseTransactions,
            EnableTransactionScopeEnlistment = storage.EnableTransactionScopeEnlistment,
            UseSlidingInvisibilityTimeout = storage.UseSlidingInvisibilityTimeout,
            InvisibilityTimeout = storage.InvisibilityTimeout,
            PrepareSchemaIfNecessary = storage.PrepareSchemaIfNecessary,
            SchedulePollingInterval = server.SchedulePollingInterval,
            IsLightweightServer = server.IsLightweightServer,
            Caveat = "Npgsql at its defaults: no auto-prepared statements, a reset of each pooled connection on reuse " +
                "(Jobs' worker turns on Max Auto Prepare=32 and No Reset On Close by default).",
        };
    }

    /// <summary>
    /// The best serial throughput found. What is left at its default was tried and did not help: the queue is never
    /// empty in the serial workload, so QueuePollInterval does not enter; EnableLongPolling adds a LISTEN and a
    /// connection per fetch; UseNativeDatabaseTransactions = false fetches and locks with more autocommitted writes
    /// (10 flushed commits per job instead of 8); a lightweight server (no schedulers) made no measurable difference.
    /// Nor did synchronous_commit = off, which would also give up durability Jobs keeps: Hangfire is bound by round
    /// trips and CPU here, not by commits.
    /// </summary>
    public static HangfireVariant Tuned() => Default() with
    {
        Name = "tuned",
        // Without an ambient TransactionScope to join, each storage transaction is a plain NpgsqlTransaction.
        EnableTransactionScopeEnlistment = false,
        ConnectionSettings = new Dictionary<string, string>
        {
            ["Enlist"] = "false",
            // Hangfire runs the same two dozen statements for every job on pooled connections: prepared once per
            // connection, they skip parsing and planning (the largest single gain), and the pool's reset on reuse,
            // which would drop them, is skipped. Jobs' worker sets the same two by default.
            ["Max Auto Prepare"] = "32",
            ["No Reset On Close"] = "true",
        },
        Version180Serialization = true,
        CultureAndContinuationFilters = false,
        Caveat = "Tuned drops two Hangfire features the workload does not use (culture capture, continuations) and TransactionScope enlistment; " +
            "the Npgsql settings are the ones Jobs' worker uses by default.",
    };

    public string ConnectionString(string given)
    {
        var builder = new NpgsqlConnectionStringBuilder(given);
        foreach (var (key, value) in ConnectionSettings)
            builder[key] = value;
        return builder.ConnectionString;
    }

    public PostgreSqlStorage CreateStorage(string connectionString, string schema)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = schema,
            QueuePollInterval = QueuePollInterval,
            EnableLongPolling = EnableLongPolling,
            UseNativeDatabaseTransactions = UseNativeDatabaseTransactions,
            EnableTransactionScopeEnlistment = EnableTransactionScopeEnlistment,
            UseSlidingInvisibilityTimeout = UseSlidingInvisibilityTimeout,
            InvisibilityTimeout = InvisibilityTimeout,
            PrepareSchemaIfNecessary = PrepareSchemaIfNecessary,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(ConnectionString(connectionString), options), options);
    }

    public BackgroundJobServerOptions ServerOptions() => new()
    {
        WorkerCount = WorkerCount,
        SchedulePollingInterval = SchedulePollingInterval,
        IsLightweightServer = IsLightweightServer,
    };

    /// <summary>Applies the process-wide part (serialization, global filters); each variant runs in a process of its own.</summary>
    public void Configure(IGlobalConfiguration configuration)
    {
        if (Version180Serialization)
        {
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
        }

        if (!CultureAndContinuationFilters)
        {
            foreach (var filter in GlobalJobFilters.Filters.Where(f => f.Instance is CaptureCultureAttribute or ContinuationsSupportAttribute).ToList())
                GlobalJobFilters.Filters.Remove(filter.Instance);
        }
    }

    /// <summary>For the report: every setting either variant relies on, with the value used.</summary>
    public string Describe()
    {
        var settings = new List<string>
        {
            $"Hangfire.Core {AssemblyVersions.Of<BackgroundJobServer>()} + Hangfire.PostgreSql {AssemblyVersions.Of<PostgreSqlStorage>()}",
            $"WorkerCount={WorkerCount}",
            $"QueuePollInterval={Seconds(QueuePollInterval)}",
            $"EnableLongPolling={EnableLongPolling}",
            $"UseNativeDatabaseTransactions={UseNativeDatabaseTransactions}",
            $"EnableTransactionScopeEnlistment={EnableTransactionScopeEnlistment}",
            $"UseSlidingInvisibilityTimeout={UseSlidingInvisibilityTimeout}",
            $"InvisibilityTimeout={Seconds(InvisibilityTimeout)}",
            $"PrepareSchemaIfNecessary={PrepareSchemaIfNecessary}",
            $"SchedulePollingInterval={Seconds(SchedulePollingInterval)}",
            $"IsLightweightServer={IsLightweightServer}",
            Version180Serialization
                ? "CompatibilityLevel=Version_180 + SimpleAssemblyNameTypeSerializer + RecommendedSerializerSettings"
                : "CompatibilityLevel=Version_110 (default serializer settings)",
            CultureAndContinuationFilters
                ? "global filters: all defaults"
                : "global filters: CaptureCulture and ContinuationsSupport removed",
        };
        settings.AddRange(ConnectionSettings.Select(s => $"Npgsql {s.Key}={s.Value}"));
        if (ConnectionSettings.Count == 0)
            settings.Add("Npgsql defaults (pooled)");
        return string.Join("; ", settings);
    }

    static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
