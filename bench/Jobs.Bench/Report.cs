using System.Globalization;
using System.Text;

namespace Jobs.Bench;

/// <summary>The table of <c>bench/results/latest.md</c>: each figure for Jobs and each peer, with the ratio peer/Jobs.</summary>
static class Report
{
    static readonly (string Label, Func<SystemResult, double?> Value, string Format)[] Rows =
    [
        ("serial no-op jobs/s, one at a time", r => r.SerialJobsPerSecond, "F0"),
        ("serial no-op jobs/s, one at a time, telemetry on (OTLP traces and metrics, Prometheus scraped)", r => r.SerialJobsPerSecondTelemetryOn, "F0"),
        ("ratio telemetry on/off, serial jobs/s", r => r.SerialJobsPerSecondTelemetryOn / r.SerialJobsPerSecond, "F2"),
        ("serial no-op jobs/s, one at a time, handler in a process of its own (RunJob over RabbitMQ)", r => r.RemoteSerialJobsPerSecond, "F0"),
        ("ratio remote handler/in-process, serial jobs/s", r => r.RemoteSerialJobsPerSecond / r.SerialJobsPerSecond, "F2"),
        ("dispatch gap p50, ms", r => r.DispatchGapMsP50, "F2"),
        ("dispatch gap p99, ms", r => r.DispatchGapMsP99, "F2"),
        ("dispatch gap p50, ms, telemetry on", r => r.DispatchGapMsP50TelemetryOn, "F2"),
        ("dispatch gap p50, ms, remote handler", r => r.RemoteDispatchGapMsP50, "F2"),
        ("dispatch gap p99, ms, remote handler", r => r.RemoteDispatchGapMsP99, "F2"),
        ("commit-to-event latency p50, ms (JobStarted/JobSucceeded, recorded-at header to subscriber receipt)", r => r.CommitToEventMsP50, "F2"),
        ("commit-to-event latency p99, ms", r => r.CommitToEventMsP99, "F2"),
        ("commit-to-event latency p50, ms, remote handler", r => r.RemoteCommitToEventMsP50, "F2"),
        ("commit-to-event latency p99, ms, remote handler", r => r.RemoteCommitToEventMsP99, "F2"),
        .. JobsWorkloads.StoreCounts.Select(stores => ($"no-op jobs/s, 2 workers, jobs spread over {stores} store{(stores == 1 ? "" : "s")}",
            (Func<SystemResult, double?>)(r => r.StoresJobsPerSecond?.GetValueOrDefault(stores)), "F0")),
        ("submit jobs/s, 16 publishers", r => r.SubmitJobsPerSecond, "F0"),
        ("cancel p50, ms (10,000 pending, runner busy)", r => r.CancelMsP50, "F2"),
        ("cancel p99, ms", r => r.CancelMsP99, "F2"),
        ("GET /pcm/jobs/{id} p99 at 1M rows, ms", r => r.GetMsP99, "F2"),
        ("GET /pcm/jobs first page p99 at 1M rows, ms", r => r.ListFirstPageMsP99, "F2"),
        ("GET /pcm/jobs offset 10,000 p99 at 1M rows, ms", r => r.ListDeepPageMsP99, "F2"),
        ("peak RSS worker, MiB", r => r.PeakRssMbWorker, "F0"),
        ("peak RSS API, MiB", r => r.PeakRssMbApi, "F0"),
        ("product import rows/s (CSV through the API)", r => r.ImportRowsPerSecond, "F0"),
        ("peak RSS worker during the import, MiB", r => r.ImportPeakRssMbWorker, "F0"),
        ("product export rows/s (CSV parts)", r => r.ExportRowsPerSecond, "F0"),
        ("peak RSS worker during the export, MiB", r => r.ExportPeakRssMbWorker, "F0"),
    ];

    public static string Markdown(BenchOptions options, string machine, IReadOnlyDictionary<string, SystemResult> results, IReadOnlyList<(string Key, string Title)> peers)
    {
        var jobs = results["jobs"];
        var text = new StringBuilder();
        text.AppendLine("# Benchmark: Jobs beside MassTransit job consumers and Hangfire");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project bench/Jobs.Bench --{(options.Quick ? " --quick" : $" --jobs {options.Jobs}")}`: "
            + $"{options.Jobs} jobs per throughput workload, {options.Cancels} cancellations with {options.PendingForCancel} pending, reads at {options.Rows:N0} rows.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}. Everything on loopback; RabbitMQ and PostgreSQL started by the benchmark from the machine's binaries, with their default settings (fsync on).");
        text.AppendLine();
        text.Append("| figure | Jobs |");
        foreach (var (_, title) in peers)
            text.Append(CultureInfo.InvariantCulture, $" {title} | ratio {title}/Jobs |");
        text.AppendLine();
        text.Append("| --- | ---: |");
        foreach (var _ in peers)
            text.Append(" ---: | ---: |");
        text.AppendLine();
        foreach (var (label, value, format) in Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {label} | {Format(value(jobs), format)} |");
            foreach (var (key, _) in peers)
            {
                var peer = value(results[key]);
                var ratio = peer is null || value(jobs) is not { } mine || mine == 0 ? "—" : (peer.Value / mine).ToString("F2", CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $" {Format(peer, format)} | {ratio} |");
            }

            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine("Settings:");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"* Jobs: {jobs.Settings}.");
        foreach (var (key, title) in peers)
        {
            foreach (var variant in results[key].Variants ?? [])
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"* {title}, {variant.Variant}: {variant.SerialJobsPerSecond:F1} jobs/s over {variant.Jobs} jobs, gap p50 {variant.DispatchGapMsP50:F2} ms, p99 {variant.DispatchGapMsP99:F2} ms"
                    + $"{(variant.SubmitJobsPerSecond is { } submit ? $", submit {submit:F0} jobs/s" : "")}. {variant.Settings}{(variant.Notes is null ? "" : $" {variant.Notes}")}");
            }
        }

        text.AppendLine();
        text.AppendLine("Targets:");
        text.AppendLine();
        Target(text, "serial throughput at least 3× Hangfire's best", jobs.SerialJobsPerSecond >= 3 * results["hangfire"].SerialJobsPerSecond);
        Target(text, "serial throughput at least 10× MassTransit job consumers' best", jobs.SerialJobsPerSecond >= 10 * results["masstransit_job_consumers"].SerialJobsPerSecond);
        Target(text, "median dispatch gap under 3 ms", jobs.DispatchGapMsP50 < 3);
        Target(text, "cancel p99 under 50 ms", jobs.CancelMsP99 < 50);
        Target(text, "read p99 under 20 ms at 1M rows", new[] { jobs.GetMsP99, jobs.ListFirstPageMsP99, jobs.ListDeepPageMsP99 }.All(v => v < 20));
        return text.ToString();
    }

    static void Target(StringBuilder text, string target, bool met) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"* {target}: {(met ? "met" : "**missed**")}");

    static string Format(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "—";
}
