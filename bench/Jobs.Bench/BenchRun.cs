using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.Bench.Peers;
using Jobs.Bench.Roles;
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
        await using var services = await BenchServices.StartAsync();
        var machine = await DescribeMachineAsync(services);
        log.WriteLine(machine);
        if (options.SerialOnly)
            return await TelemetryCostAsync(new JobsWorkloads(services, options, log), options, log);

        var catalog = await new CatalogWorkloads(services, options, log).RunAsync();
        if (options.CatalogOnly)
        {
            log.WriteLine(JsonSerializer.Serialize(catalog, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        var jobs = new JobsWorkloads(services, options, log);
        log.WriteLine($"Jobs: serial, {options.Jobs} jobs");
        var serial = await jobs.SerialAsync();
        log.WriteLine($"Jobs: serial, {options.Jobs} jobs, telemetry on");
        var telemetrySerial = await jobs.SerialAsync(telemetry: true);
        log.WriteLine($"Jobs: serial, {options.Jobs} jobs, handler in a process of its own");
        var remoteSerial = await jobs.SerialAsync(remoteHandler: true);
        var byStores = new Dictionary<int, double>();
        foreach (var stores in JobsWorkloads.StoreCounts)
        {
            log.WriteLine($"Jobs: stores, {options.Jobs} jobs over {stores} store{(stores == 1 ? "" : "s")}, two workers");
            byStores[stores] = await jobs.StoresAsync(stores);
        }

        log.WriteLine($"Jobs: submit, {options.Jobs} jobs from 16 publishers");
        var submit = await jobs.SubmitAsync();
        log.WriteLine($"Jobs: cancel, {options.Cancels} cancellations with {options.PendingForCancel} pending");
        var cancel = await jobs.CancelAsync();
        log.WriteLine($"Jobs: reads at {options.Rows} rows");
        var reads = await jobs.ReadsAsync();
        var results = new Dictionary<string, SystemResult>
        {
            ["jobs"] = new()
            {
                SerialJobsPerSecond = serial.JobsPerSecond,
                DispatchGapMsP50 = serial.GapP50,
                DispatchGapMsP99 = serial.GapP99,
                CommitToEventMsP50 = serial.CommitToEventP50,
                CommitToEventMsP99 = serial.CommitToEventP99,
                SerialJobsPerSecondTelemetryOn = telemetrySerial.JobsPerSecond,
                DispatchGapMsP50TelemetryOn = telemetrySerial.GapP50,
                RemoteSerialJobsPerSecond = remoteSerial.JobsPerSecond,
                RemoteDispatchGapMsP50 = remoteSerial.GapP50,
                RemoteDispatchGapMsP99 = remoteSerial.GapP99,
                RemoteCommitToEventMsP50 = remoteSerial.CommitToEventP50,
                RemoteCommitToEventMsP99 = remoteSerial.CommitToEventP99,
                StoresJobsPerSecond = byStores,
                SubmitJobsPerSecond = submit,
                CancelMsP50 = cancel.P50,
                CancelMsP99 = cancel.P99,
                GetMsP99 = reads.Get,
                ListFirstPageMsP99 = reads.FirstPage,
                ListDeepPageMsP99 = reads.DeepPage,
                PeakRssMbWorker = jobs.PeakWorkerMegabytes,
                PeakRssMbApi = jobs.PeakApiMegabytes,
                ImportRowsPerSecond = catalog.ImportRowsPerSecond,
                ImportPeakRssMbWorker = catalog.ImportPeakMegabytes,
                ExportRowsPerSecond = catalog.ExportRowsPerSecond,
                ExportPeakRssMbWorker = catalog.ExportPeakMegabytes,
                Settings = "one worker process (runner, saga, RabbitMQ transport, PostgreSQL) and the API in production mode, each its own process; "
                    + "default runner options; handler returns at once; the events are watched through a durable queue of the benchmark's own, "
                    + "acknowledged once handled; a job's start and completion are the times recorded with them in the transactions that commit them "
                    + "(the Jobs-Recorded-At header of its JobStarted and JobSucceeded, which the outbox sends after the commit), so the gaps are from "
                    + "one job's completion to the next one's start; commit-to-event latency: for every JobStarted and JobSucceeded of the serial "
                    + "workload, its receipt by the benchmark's subscriber minus its recorded time, on the same machine and clock; "
                    + $"remote handler: the serial workload again, with Jobs:Handlers:{RemoteHandlerRole.JobType}:Queue set, so that each start "
                    + "sends a RunJob (through the outbox) to the same handler hosted in a process of its own with AddJobHandlerConsumer "
                    + "(MassTransit on RabbitMQ), which answers with a JobHeartbeat and a JobCompleted to job-state, and the line waits for the "
                    + "recorded outcome; "
                    + TelemetrySettings
                    + "stores: the jobs spread evenly over 1, 4 and 16 stores, recorded up front, then run by two worker processes started together "
                    + "(4 slots each, the default), jobs/s from the first JobStarted to the last JobSucceeded; "
                    + $"catalog: a product import of a {options.ImportRows:N0}-row CSV posted to the API, then an export of {options.ExportProducts:N0} products "
                    + "(the imported ones plus others inserted straight into the table), each run by a fresh worker with the catalog's handlers "
                    + "(src/Jobs.Worker's set-up), rows/s over the job's started_at to completed_at, peak RSS (VmHWM) of that worker",
            },
        };

        if (options.JobsOnly)
        {
            log.WriteLine(JsonSerializer.Serialize(results["jobs"], new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        foreach (var (name, key, title) in PeerSystems)
        {
            var variants = new List<PeerResult>();
            foreach (var variant in new[] { "default", "tuned" })
            {
                log.WriteLine($"{title}: {variant}");
                var output = await ChildProcess.RunAsync(BuildOutput.Bench,
                    ["peer", name, "--jobs", options.Jobs.ToString(CultureInfo.InvariantCulture), "--variant", variant, "--postgres", await services.Postgres.CreateDatabaseAsync()],
                    new Dictionary<string, string?>());
                variants.Add(PeerResult.FromOutput(output));
            }

            var best = variants.MaxBy(v => v.SerialJobsPerSecond)!;
            results[key] = new SystemResult
            {
                SerialJobsPerSecond = best.SerialJobsPerSecond,
                DispatchGapMsP50 = best.DispatchGapMsP50,
                DispatchGapMsP99 = best.DispatchGapMsP99,
                SubmitJobsPerSecond = best.SubmitJobsPerSecond,
                Settings = $"{best.Variant}: {best.Settings}",
                Variants = variants,
            };
        }

        var directory = Path.Combine(BuildOutput.RepositoryRoot, "bench", "results");
        Directory.CreateDirectory(directory);
        var markdown = Report.Markdown(options, machine, results, PeerSystems.Select(p => (p.Key, p.Title)).ToList());
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.json"),
            // Each system carries only the figures that apply to it.
            JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull }) + "\n");
        log.WriteLine();
        log.WriteLine(markdown);
        return 0;
    }

    const string TelemetrySettings = "telemetry on: the serial workload again, right after it, its worker with Jobs:Telemetry:Prometheus=true "
        + "(/metrics on its health port, scraped every second by the benchmark) and OTEL_EXPORTER_OTLP_ENDPOINT with "
        + "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf (every span, OpenTelemetry's default batching; metrics every second, "
        + "OTEL_METRIC_EXPORT_INTERVAL=1000) to a stand-in collector in the benchmark's process that reads each export and answers "
        + "success; the ratio is telemetry on/off; ";

    /// <summary>
    /// <c>--serial-only</c>: Jobs' serial workload with telemetry off, then on, as in a full run; the figures and their
    /// ratio on the console, no result files.
    /// </summary>
    static async Task<int> TelemetryCostAsync(JobsWorkloads jobs, BenchOptions options, TextWriter log)
    {
        log.WriteLine($"Jobs: serial, {options.Jobs} jobs");
        var off = await jobs.SerialAsync();
        log.WriteLine($"Jobs: serial, {options.Jobs} jobs, telemetry on");
        var on = await jobs.SerialAsync(telemetry: true);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serial no-op jobs/s: telemetry off {off.JobsPerSecond:F1}, on {on.JobsPerSecond:F1}, ratio on/off {on.JobsPerSecond / off.JobsPerSecond:F2}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dispatch gap p50, ms: telemetry off {off.GapP50:F2}, on {on.GapP50:F2}; p99: off {off.GapP99:F2}, on {on.GapP99:F2}"));
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
            + $".NET {Environment.Version}, PostgreSQL {postgresVersion}, RabbitMQ {rabbitVersion}, MassTransit {typeof(MassTransit.IBus).Assembly.GetName().Version}, "
            + $"Hangfire {typeof(Hangfire.BackgroundJob).Assembly.GetName().Version}, Hangfire.PostgreSql {typeof(Hangfire.PostgreSql.PostgreSqlStorage).Assembly.GetName().Version}";
    }
}
