using Jobs.Bench.Roles;
using Jobs.Worker.Options;

namespace Jobs.Bench;

/// <summary>
/// Every workload on Jobs, each run <see cref="BenchOptions.Runs"/> times in a row, each run a fresh measurement (its
/// own database, virtual host and processes); the read workload's rows are loaded once and read in every run.
/// </summary>
sealed class JobsRun(BenchServices services, BenchOptions options, TextWriter log)
{
    readonly JobsWorkloads _jobs = new(services, options, log);

    public async Task<SystemResult> RunAsync()
    {
        var result = new SystemResult(Settings(options));
        await CatalogAsync(result);
        if (options.CatalogOnly)
            return result;

        var serial = await RepeatAsync($"serial, {options.Jobs} jobs", () => _jobs.SerialAsync());
        var telemetry = await RepeatAsync($"serial, {options.Jobs} jobs, telemetry on", () => _jobs.SerialAsync(telemetry: true));
        var remote = await RepeatAsync($"serial, {options.Jobs} jobs, handler in a process of its own", () => _jobs.SerialAsync(remoteHandler: true));
        var stores = new Dictionary<int, List<Throughput>>();
        foreach (var count in JobsWorkloads.StoreCounts)
            stores[count] = await RepeatAsync($"stores, {options.Jobs} jobs over {count} store{(count == 1 ? "" : "s")}, two workers", () => _jobs.StoresAsync(count));
        var submit = await RepeatAsync($"submit, {options.Jobs} jobs from {BenchOptions.Publishers} publishers", _jobs.SubmitAsync);
        var cancel = await RepeatAsync($"cancel, {options.Cancels} cancellations with {options.PendingForCancel} pending", _jobs.CancelAsync);
        log.WriteLine($"Jobs: loading {options.Rows} rows for the reads");
        var rows = await _jobs.LoadRowsAsync();
        var reads = await RepeatAsync($"reads at {options.Rows} rows", () => _jobs.ReadsAsync(rows));

        result.Add(FigureKeys.Serial, serial.Select(r => r.JobsPerSecond));
        result.Add(FigureKeys.GapP50, serial.Select(r => r.GapP50));
        result.Add(FigureKeys.GapP99, serial.Select(r => r.GapP99));
        result.Add(FigureKeys.CommitToEventP50, serial.Select(r => r.CommitToEventP50));
        result.Add(FigureKeys.CommitToEventP99, serial.Select(r => r.CommitToEventP99));
        result.Add(FigureKeys.SerialTelemetryOn, telemetry.Select(r => r.JobsPerSecond));
        result.Add(FigureKeys.GapP50TelemetryOn, telemetry.Select(r => r.GapP50));
        result.Add(FigureKeys.RemoteSerial, remote.Select(r => r.JobsPerSecond));
        result.Add(FigureKeys.RemoteGapP50, remote.Select(r => r.GapP50));
        result.Add(FigureKeys.RemoteGapP99, remote.Select(r => r.GapP99));
        result.Add(FigureKeys.RemoteCommitToEventP50, remote.Select(r => r.CommitToEventP50));
        result.Add(FigureKeys.RemoteCommitToEventP99, remote.Select(r => r.CommitToEventP99));
        foreach (var (count, runs) in stores)
            result.Add(FigureKeys.Stores(count), runs.Select(r => r.JobsPerSecond));
        result.Add(FigureKeys.Submit, submit.Select(r => r.JobsPerSecond));
        result.Add(FigureKeys.CancelP50, cancel.Select(r => r.P50));
        result.Add(FigureKeys.CancelP99, cancel.Select(r => r.P99));
        result.Add(FigureKeys.GetP99, reads.Select(r => r.GetP99));
        result.Add(FigureKeys.ListFirstPageP99, reads.Select(r => r.FirstPageP99));
        result.Add(FigureKeys.ListDeepPageP99, reads.Select(r => r.DeepPageP99));
        // A run's peak is the most any of its worker (or API) processes held; the telemetry-on worker is reported apart.
        result.Add(FigureKeys.PeakRssWorker, Enumerable.Range(0, options.Runs).Select(i => new[]
        {
            serial[i].PeakWorkerMegabytes, remote[i].PeakWorkerMegabytes, submit[i].PeakWorkerMegabytes, cancel[i].PeakWorkerMegabytes,
            stores.Values.Max(runs => runs[i].PeakWorkerMegabytes),
        }.Max()));
        result.Add(FigureKeys.PeakRssApi, Enumerable.Range(0, options.Runs).Select(i => Math.Max(cancel[i].PeakApiMegabytes, reads[i].PeakApiMegabytes)));
        return result;
    }

    /// <summary><c>--serial-only</c>: the serial workload with telemetry off, then on, each run <see cref="BenchOptions.Runs"/> times.</summary>
    public async Task<(Figure Off, Figure On, Figure GapOff, Figure GapOn)> TelemetryCostAsync()
    {
        var off = await RepeatAsync($"serial, {options.Jobs} jobs", () => _jobs.SerialAsync());
        var on = await RepeatAsync($"serial, {options.Jobs} jobs, telemetry on", () => _jobs.SerialAsync(telemetry: true));
        return (new(off.Select(r => r.JobsPerSecond)), new(on.Select(r => r.JobsPerSecond)), new(off.Select(r => r.GapP50)), new(on.Select(r => r.GapP50)));
    }

    async Task CatalogAsync(SystemResult result)
    {
        var catalog = await RepeatAsync($"product import of {options.ImportRows} rows, then export of {options.ExportProducts} products",
            () => new CatalogWorkloads(services, options, log).RunAsync());
        result.Add(FigureKeys.Import, catalog.Select(r => r.ImportRowsPerSecond));
        result.Add(FigureKeys.ImportPeakRssWorker, catalog.Select(r => r.ImportPeakMegabytes));
        result.Add(FigureKeys.Export, catalog.Select(r => r.ExportRowsPerSecond));
        result.Add(FigureKeys.ExportPeakRssWorker, catalog.Select(r => r.ExportPeakMegabytes));
    }

    async Task<List<T>> RepeatAsync<T>(string workload, Func<Task<T>> run)
    {
        var results = new List<T>();
        for (var i = 1; i <= options.Runs; i++)
        {
            log.WriteLine($"Jobs: {workload}, run {i} of {options.Runs}");
            results.Add(await run());
        }

        return results;
    }

    static string Settings(BenchOptions options) =>
        "one worker process (runner, saga, RabbitMQ transport, PostgreSQL) and the API in production mode, each its own process; "
        + "default runner options; handler returns at once; "
        + $"warm-up: each throughput workload (serial, stores, submit) first runs {options.WarmUpJobs} jobs of its own kind on the same processes, "
        + $"not counted (serial and stores: the first {options.WarmUpJobs} to start), as every peer's workloads do; "
        + "the events are watched through a durable queue of the benchmark's own, "
        + "acknowledged once handled; a job's start and completion are the times recorded with them in the transactions that commit them "
        + "(the Jobs-Recorded-At header of its JobStarted and JobSucceeded, which the outbox sends after the commit), so the gaps are from "
        + "one job's completion to the next one's start; commit-to-event latency: for every JobStarted and JobSucceeded of the serial "
        + "workload, its receipt by the benchmark's subscriber minus its recorded time, on the same machine and clock; "
        + $"remote handler: the serial workload again, with Jobs:Handlers:{RemoteHandlerRole.JobType}:Queue set, so that each start "
        + "sends a RunJob (through the outbox) to the same handler hosted in a process of its own with AddJobHandlerConsumer "
        + "(MassTransit on RabbitMQ), which answers with a JobHeartbeat and a JobCompleted to job-state, and the line waits for the "
        + "recorded outcome; "
        + TelemetrySettings
        + $"stores: the jobs spread evenly over {string.Join(", ", JobsWorkloads.StoreCounts)} stores, recorded up front, then run by two worker processes started together "
        + $"({new JobRunnerOptions().MaxConcurrentLines} slots each, the default), jobs/s from the first JobStarted after the warm-up to the last JobSucceeded; "
        + $"submit: {BenchOptions.Publishers} publishers each sending a SubmitJob request over RabbitMQ to the worker and awaiting its JobSubmitted, "
        + "which the worker answers after the job's insert is committed to PostgreSQL (a broker round trip plus a durable insert); "
        + $"cancel: {options.Cancels} cancellations through the API (after {JobsWorkloads.UntimedCancels} untimed) with {options.PendingForCancel} jobs pending behind a busy runner; "
        + $"reads: {options.Rows} finished jobs bulk loaded once, then in each run a fresh API and {options.Reads} requests of each read after {JobsWorkloads.UntimedReads} untimed; "
        + $"catalog: a product import of a {options.ImportRows}-row CSV posted to the API, then an export of {options.ExportProducts} products "
        + "(the imported ones plus others inserted straight into the table), each run by a fresh worker with the catalog's handlers "
        + "(src/Jobs.Worker's set-up), rows/s over the job's started_at to completed_at, peak RSS (VmHWM) of that worker; "
        + "peak RSS: the most any worker (or API) process of a run held, the telemetry-on workers apart";

    const string TelemetrySettings = "telemetry on: the serial workload again, right after it, its worker with Jobs:Telemetry:Prometheus=true "
        + "(/metrics on its health port, scraped every second by the benchmark) and OTEL_EXPORTER_OTLP_ENDPOINT with "
        + "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf (every span, OpenTelemetry's default batching; metrics every second, "
        + "OTEL_METRIC_EXPORT_INTERVAL=1000) to a stand-in collector in the benchmark's process that reads each export and answers "
        + "success; the ratio is telemetry on/off; ";
}
