using System.Globalization;

namespace Jobs.Bench;

/// <summary>Jobs' performance targets, each met or missed by the medians of this run, with the figures that decide it.</summary>
static class Targets
{
    const double MaxDispatchGapMs = 1.5;
    const double MaxLatencyMs = 20;
    const double MaxPeakRssMb = 250;

    public static IEnumerable<(string Target, bool Met)> Evaluate(BenchOptions options, IReadOnlyDictionary<string, SystemResult> results)
    {
        var jobs = results["jobs"];
        var hangfire = results["hangfire"];
        double Median(SystemResult system, string key) => system[key]?.Median ?? double.NaN;
        var (hangfireSubmit, submitVariant) = Best(hangfire, v => v.Submit?.Median);
        var (hangfireSerial, serialVariant) = Best(hangfire, v => v.Serial.Median);

        var submit = Median(jobs, FigureKeys.Submit);
        yield return (Invariant($"submit jobs/s, {BenchOptions.Publishers} publishers, at least 1.0× Hangfire's best in the same run (unlike work: Jobs' is a broker round trip plus a durable insert, ")
            + Invariant($"Hangfire's a direct synchronous insert): {submit:F0} against {hangfireSubmit:F0} ({submitVariant})"), submit >= hangfireSubmit);
        var serial = Median(jobs, FigureKeys.Serial);
        yield return (Invariant($"serial no-op jobs/s at least 2× Hangfire's best: {serial:F0} against 2 × {hangfireSerial:F0} ({serialVariant}) = {2 * hangfireSerial:F0}"), serial >= 2 * hangfireSerial);
        var gap = Median(jobs, FigureKeys.GapP50);
        yield return (Invariant($"dispatch gap p50 under {MaxDispatchGapMs} ms: {gap:F2} ms"), gap < MaxDispatchGapMs);
        var (many, one) = (Median(jobs, FigureKeys.Stores(16)), Median(jobs, FigureKeys.Stores(1)));
        yield return (Invariant($"16 stores over 2 workers at least 3× one store over 2 workers: {many:F0} against 3 × {one:F0} = {3 * one:F0} jobs/s"), many >= 3 * one);
        var cancel = Median(jobs, FigureKeys.CancelP99);
        yield return (Invariant($"cancel p99 under {MaxLatencyMs} ms with {options.PendingForCancel:N0} pending: {cancel:F2} ms"), cancel < MaxLatencyMs);
        var reads = new[] { FigureKeys.GetP99, FigureKeys.ListFirstPageP99, FigureKeys.ListDeepPageP99 }.Select(k => Median(jobs, k)).ToList();
        yield return (Invariant($"get and list p99 under {MaxLatencyMs} ms at {options.Rows:N0} rows: get {reads[0]:F2}, first page {reads[1]:F2}, offset {JobsWorkloads.DeepPageOffset:N0} {reads[2]:F2} ms"),
            reads.All(r => r < MaxLatencyMs));
        var (worker, api) = (Median(jobs, FigureKeys.PeakRssWorker), Median(jobs, FigureKeys.PeakRssApi));
        yield return (Invariant($"peak RSS of worker and API under {MaxPeakRssMb} MiB: worker {worker:F0}, API {api:F0} MiB"), worker < MaxPeakRssMb && api < MaxPeakRssMb);
    }

    /// <summary>The peer's best median of a figure over its variants, and the variant that gave it.</summary>
    static (double Value, string Variant) Best(SystemResult peer, Func<Peers.PeerVariantResult, double?> figure)
    {
        var best = (peer.Variants ?? []).Where(v => figure(v) is not null).MaxBy(v => figure(v)!.Value);
        return best is null ? (double.NaN, "none") : (figure(best)!.Value, best.Variant);
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
