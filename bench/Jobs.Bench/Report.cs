using System.Globalization;
using System.Text;

namespace Jobs.Bench;

/// <summary>
/// The table of <c>bench/results/latest.md</c>: each figure for Jobs and each peer as the median of the runs with its
/// spread (min–max), the ratio peer/Jobs of the medians, the settings, and the targets.
/// </summary>
static class Report
{
    sealed record Row(string Label, Func<SystemResult, Figure?> Value, string Format, IReadOnlyDictionary<string, string>? CellNotes = null);

    /// <summary>What each system's submit workload does: the figures are of unlike work, and each cell says which.</summary>
    static readonly Dictionary<string, string> SubmitWork = new(StringComparer.Ordinal)
    {
        ["jobs"] = "broker round trip + durable insert",
        ["hangfire"] = "direct synchronous insert",
        ["masstransit_job_consumers"] = "in-memory, not durable",
    };

    static IEnumerable<Row> Rows(BenchOptions options) =>
    [
        new("serial no-op jobs/s, one at a time", r => r[FigureKeys.Serial], "F0"),
        new("serial no-op jobs/s, one at a time, telemetry on (OTLP traces and metrics, Prometheus scraped)", r => r[FigureKeys.SerialTelemetryOn], "F0"),
        new("ratio telemetry on/off, serial jobs/s (run by run)", r => Ratio(r[FigureKeys.SerialTelemetryOn], r[FigureKeys.Serial]), "F2"),
        new("serial no-op jobs/s, one at a time, handler in a process of its own (RunJob over RabbitMQ)", r => r[FigureKeys.RemoteSerial], "F0"),
        new("ratio remote handler/in-process, serial jobs/s (run by run)", r => Ratio(r[FigureKeys.RemoteSerial], r[FigureKeys.Serial]), "F2"),
        new("dispatch gap p50, ms", r => r[FigureKeys.GapP50], "F2"),
        new("dispatch gap p99, ms", r => r[FigureKeys.GapP99], "F2"),
        new("dispatch gap p50, ms, telemetry on", r => r[FigureKeys.GapP50TelemetryOn], "F2"),
        new("dispatch gap p50, ms, remote handler", r => r[FigureKeys.RemoteGapP50], "F2"),
        new("dispatch gap p99, ms, remote handler", r => r[FigureKeys.RemoteGapP99], "F2"),
        new("commit-to-event latency p50, ms (JobStarted/JobSucceeded, recorded-at header to subscriber receipt)", r => r[FigureKeys.CommitToEventP50], "F2"),
        new("commit-to-event latency p99, ms", r => r[FigureKeys.CommitToEventP99], "F2"),
        new("commit-to-event latency p50, ms, remote handler", r => r[FigureKeys.RemoteCommitToEventP50], "F2"),
        new("commit-to-event latency p99, ms, remote handler", r => r[FigureKeys.RemoteCommitToEventP99], "F2"),
        .. JobsWorkloads.StoreCounts.Select(stores => new Row($"no-op jobs/s, 2 workers, jobs spread over {stores} store{(stores == 1 ? "" : "s")}",
            r => r[FigureKeys.Stores(stores)], "F0")),
        new($"submit jobs/s, {BenchOptions.Publishers} publishers each awaiting acceptance (unlike work: see each cell)", r => r[FigureKeys.Submit], "F0", SubmitWork),
        new(Invariant($"cancel p50, ms ({options.PendingForCancel:N0} pending, runner busy)"), r => r[FigureKeys.CancelP50], "F2"),
        new(Invariant($"cancel p99, ms ({options.PendingForCancel:N0} pending)"), r => r[FigureKeys.CancelP99], "F2"),
        new(Invariant($"GET /pcm/jobs/{{id}} p99 at {options.Rows:N0} rows, ms"), r => r[FigureKeys.GetP99], "F2"),
        new(Invariant($"GET /pcm/jobs first page p99 at {options.Rows:N0} rows, ms"), r => r[FigureKeys.ListFirstPageP99], "F2"),
        new(Invariant($"GET /pcm/jobs offset {JobsWorkloads.DeepPageOffset:N0} p99 at {options.Rows:N0} rows, ms"), r => r[FigureKeys.ListDeepPageP99], "F2"),
        new("peak RSS worker, MiB", r => r[FigureKeys.PeakRssWorker], "F0"),
        new("peak RSS API, MiB", r => r[FigureKeys.PeakRssApi], "F0"),
        new(Invariant($"product import rows/s ({options.ImportRows:N0}-row CSV through the API)"), r => r[FigureKeys.Import], "F0"),
        new("peak RSS worker during the import, MiB", r => r[FigureKeys.ImportPeakRssWorker], "F0"),
        new(Invariant($"product export rows/s ({options.ExportProducts:N0} products to CSV parts)"), r => r[FigureKeys.Export], "F0"),
        new("peak RSS worker during the export, MiB", r => r[FigureKeys.ExportPeakRssWorker], "F0"),
    ];

    public static string Markdown(BenchOptions options, string machine, IReadOnlyDictionary<string, SystemResult> results, IReadOnlyList<(string Key, string Title)> peers)
    {
        var jobs = results["jobs"];
        var text = new StringBuilder();
        text.AppendLine("# Benchmark: Jobs beside MassTransit job consumers and Hangfire");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project bench/Jobs.Bench{(options.Arguments.Length == 0 ? "" : $" -- {options.Arguments}")}`: "
            + $"every figure is the median of {options.Runs} runs, each a fresh measurement, with the lowest and highest run in brackets; "
            + $"{options.Jobs:N0} jobs per throughput workload after {options.WarmUpJobs} untimed warm-up jobs of the same workload on every system, "
            + $"{options.Cancels:N0} cancellations with {options.PendingForCancel:N0} pending, reads at {options.Rows:N0} rows.");
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
        foreach (var row in Rows(options))
        {
            var mine = row.Value(jobs);
            text.Append(CultureInfo.InvariantCulture, $"| {row.Label} | {Cell(row, "jobs", mine)} |");
            foreach (var (key, _) in peers)
            {
                var peer = row.Value(results[key]);
                var ratio = peer is null || mine is null || mine.Median == 0 ? "—" : (peer.Median / mine.Median).ToString("F2", CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $" {Cell(row, key, peer)} | {ratio}{(peer is not null && row.CellNotes is not null ? " (unlike work)" : "")} |");
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
                text.AppendLine(
                    $"* {title}, {variant.Variant}: serial {Spread(variant.Serial, "F1")} jobs/s over {string.Join(", ", variant.Runs.Select(r => r.Jobs))} jobs, "
                    + $"gap p50 {Spread(variant.GapP50, "F2")} ms, p99 {Spread(variant.GapP99, "F2")} ms"
                    + $"{(variant.Submit is { } submit ? $", submit {Spread(submit, "F0")} jobs/s" : "")}. {variant.Settings}. {variant.Notes}"
                    + string.Concat(variant.Runs.Select((r, i) => $" Run {i + 1}: {r.RunNotes}")));
            }
        }

        text.AppendLine();
        text.AppendLine("Targets (from the medians):");
        text.AppendLine();
        foreach (var (target, met) in Targets.Evaluate(options, results))
            text.AppendLine(CultureInfo.InvariantCulture, $"* {target}: {(met ? "met" : "**missed**")}");
        return text.ToString();
    }

    /// <summary>Run by run, <paramref name="over"/> divided by <paramref name="under"/> (their runs are paired by index).</summary>
    static Figure? Ratio(Figure? over, Figure? under) =>
        over is null || under is null ? null : new Figure(over.Runs.Zip(under.Runs, (a, b) => a / b));

    static string Cell(Row row, string system, Figure? figure) =>
        figure is null ? "—" : Spread(figure, row.Format) + (row.CellNotes?.GetValueOrDefault(system) is { } note ? $" ({note})" : "");

    /// <summary>The median, then the lowest and highest run: "239 (231–250)".</summary>
    static string Spread(Figure figure, string format) => figure.Runs.Count == 1
        ? Format(figure.Median, format)
        : $"{Format(figure.Median, format)} ({Format(figure.Min, format)}–{Format(figure.Max, format)})";

    static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
