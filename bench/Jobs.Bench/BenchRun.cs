using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Jobs.Bench.Peers;
using Npgsql;
using RabbitMQ.Client;

namespace Jobs.Bench;

/// <summary>The whole run: services, Jobs' workloads, the peers' variants, then the table and its files.</summary>
static class BenchRun
{
    static readonly (string Name, string Key, string Title)[] PeerSystems =
    [
        ("masstransit", "masstransit_job_consumers", "MassTransit job consumers"),
        ("hangfire", "hangfire", "Hangfire"),
    ];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var log = Console.Out;
        var started = DateTime.UtcNow;
        await using var services = await BenchServices.StartAsync();
        var machine = await DescribeMachineAsync(services);
        log.WriteLine(machine);
        var jobsRun = new JobsRun(services, options, log);
        if (options.SerialOnly)
            return await TelemetryCostAsync(jobsRun, log);

        var results = new Dictionary<string, SystemResult> { ["jobs"] = await jobsRun.RunAsync() };
        if (options.CatalogOnly || options.JobsOnly)
        {
            log.WriteLine(results["jobs"].ToJson().ToJsonString(Indented));
            return 0;
        }

        foreach (var (name, key, title) in PeerSystems)
            results[key] = await new PeerRun(services, options, log).RunAsync(name, title);

        var markdown = Report.Markdown(options, machine, results, PeerSystems.Select(p => (p.Key, p.Title)).ToList());
        var json = new JsonObject { ["run"] = Parameters(options, machine, started) };
        foreach (var (key, result) in results)
            json[key] = result.ToJson();

        // Only the full default run replaces bench/results/latest.*; any other run's files go to a directory of their own.
        var directory = options.IsDefaultRun
            ? Path.Combine(BuildOutput.RepositoryRoot, "bench", "results")
            : Directory.CreateTempSubdirectory("jobs-bench-").FullName;
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.json"), json.ToJsonString(Indented) + "\n");
        log.WriteLine();
        log.WriteLine(markdown);
        log.WriteLine($"Wrote latest.md and latest.json to {directory} after {DateTime.UtcNow - started:hh\\:mm\\:ss}.");
        return 0;
    }

    // The file is read by people and tools, never embedded in HTML: apostrophes and "+" stay as they are.
    static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // A percentile of no samples is NaN: written as such rather than failing the run at its very end.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>What was run, beside the figures: the sizes the labels of <c>latest.md</c> come from.</summary>
    static JsonObject Parameters(BenchOptions options, string machine, DateTime started) => new()
    {
        ["started_utc"] = started.ToString("O", CultureInfo.InvariantCulture),
        ["arguments"] = options.Arguments,
        ["runs"] = options.Runs,
        ["warm_up_jobs"] = options.WarmUpJobs,
        ["jobs"] = options.Jobs,
        ["publishers"] = BenchOptions.Publishers,
        ["pending_for_cancel"] = options.PendingForCancel,
        ["cancels"] = options.Cancels,
        ["rows"] = options.Rows,
        ["reads"] = options.Reads,
        ["import_rows"] = options.ImportRows,
        ["export_products"] = options.ExportProducts,
        ["machine"] = machine,
    };

    /// <summary>
    /// <c>--serial-only</c>: Jobs' serial workload with telemetry off, then on, as in a full run; the medians and their
    /// ratio on the console, no result files.
    /// </summary>
    static async Task<int> TelemetryCostAsync(JobsRun jobs, TextWriter log)
    {
        var (off, on, gapOff, gapOn) = await jobs.TelemetryCostAsync();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serial no-op jobs/s, median of {off.Runs.Count}: telemetry off {off.Median:F1} (runs {string.Join(", ", off.Runs.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}), "
            + $"on {on.Median:F1} (runs {string.Join(", ", on.Runs.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}), ratio of the medians on/off {on.Median / off.Median:F2}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dispatch gap p50, ms, median: telemetry off {gapOff.Median:F2}, on {gapOn.Median:F2}"));
        return 0;
    }

    static async Task<string> DescribeMachineAsync(BenchServices services)
    {
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kilobytes = long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";

        await using var postgres = new NpgsqlConnection(await services.Postgres.CreateDatabaseAsync());
        await postgres.OpenAsync();
        await using var version = new NpgsqlCommand("SHOW server_version", postgres);
        var postgresVersion = (string)(await version.ExecuteScalarAsync())!;

        await using var rabbit = await new ConnectionFactory { Uri = await services.RabbitMq.CreateVirtualHostAsync() }.CreateConnectionAsync();
        var rabbitVersion = Encoding.UTF8.GetString((byte[])rabbit.ServerProperties!["version"]!);

        return $"{Environment.ProcessorCount} cores ({cpu}), {kilobytes / 1024 / 1024.0:F1} GiB RAM, {RuntimeInformation.OSDescription}, "
            + $".NET {Environment.Version}, PostgreSQL {postgresVersion}, RabbitMQ {rabbitVersion}, MassTransit {AssemblyVersions.Of<MassTransit.IBus>()}, "
            + $"Hangfire {AssemblyVersions.Of<Hangfire.BackgroundJob>()}, Hangfire.PostgreSql {AssemblyVersions.Of<Hangfire.PostgreSql.PostgreSqlStorage>()}";
    }
}
