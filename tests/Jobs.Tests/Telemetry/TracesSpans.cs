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

    /// <summary>
    /// True when <paramref name="ancestor"/> is on the way from <paramref name="span"/> up to its trace's root. Each
    /// span on the way is waited for: a parent ends, and is exported, after its child.
    /// </summary>
    public async Task<bool> DescendsAsync(Activity span, Activity ancestor)
    {
        for (var parentId = span.ParentSpanId; parentId != default;)
        {
            if (parentId == ancestor.SpanId)
                return true;
            var id = parentId;
            parentId = (await EndedAsync(s => s.TraceId == span.TraceId && s.SpanId == id, $"span {id} of trace {span.TraceId} to end")).ParentSpanId;
        }

        return false;
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock)
            base.InsertItem(index, item);
    }
}
