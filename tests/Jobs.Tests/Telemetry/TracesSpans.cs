using System.Collections.ObjectModel;
using System.Diagnostics;
using Jobs.Tests.Support;

namespace Jobs.Tests.Telemetry;

/// <summary>
/// What OpenTelemetry's in-memory exporter exported, safe to read while it exports more. A tracer provider listens to
/// every activity source of its name in the process, so spans of other specs' hosts may be here too: specs look at
/// one trace.
/// </summary>
public sealed class TracesSpans : Collection<Activity>
{
    readonly Lock _lock = new();

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId)
    {
        lock (_lock)
            return [.. Items.Where(a => a.TraceId == traceId)];
    }

    /// <summary>Waits until a span that <paramref name="matches"/> has ended (spans are exported when they end).</summary>
    public async Task<Activity> EndedAsync(Func<Activity, bool> matches, string description)
    {
        Activity? found = null;
        await Eventually.HoldsAsync(() =>
        {
            lock (_lock)
                found = Items.FirstOrDefault(matches);
            return found is not null;
        }, TimeSpan.FromSeconds(30), () => description);
        return found!;
    }

    /// <summary>True when <paramref name="ancestor"/> is on the way from <paramref name="span"/> up to its trace's root.</summary>
    public bool Descends(Activity span, Activity ancestor)
    {
        var trace = InTrace(span.TraceId).ToDictionary(s => s.SpanId);
        for (var parent = span.ParentSpanId; trace.TryGetValue(parent, out var next); parent = next.ParentSpanId)
        {
            if (next == ancestor)
                return true;
        }

        return false;
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock)
            base.InsertItem(index, item);
    }
}
