using OpenTelemetry.Metrics;

namespace Jobs.Tests.Telemetry;

/// <summary>One collection: each metric's points, read by their tags.</summary>
public sealed class CollectedMetrics(IReadOnlyList<MetricSnapshot> metrics)
{
    /// <summary>The names of the metrics collected.</summary>
    public IEnumerable<string> Names => metrics.Select(m => m.Name);

    /// <summary>The metric's unit, as its instrument declares it.</summary>
    public string Unit(string name) => Metric(name).Unit;

    /// <summary>A counter's total over the points that carry all of <paramref name="tags"/>; 0 when nothing was counted.</summary>
    public long Count(string name, params (string Key, string Value)[] tags) =>
        Points(name, tags).Sum(p => p.GetSumLong());

    /// <summary>A histogram's number of values and their sum, over the points that carry all of <paramref name="tags"/>.</summary>
    public (long Count, double Sum) Histogram(string name, params (string Key, string Value)[] tags)
    {
        var points = Points(name, tags);
        return (points.Sum(p => p.GetHistogramCount()), points.Sum(p => p.GetHistogramSum()));
    }

    /// <summary>A gauge's figure without a store: over the whole database.</summary>
    public double Total(string name) => Value(name, Assert.Single(Points(name), p => TagsOf(p).Count == 0));

    /// <summary>A gauge's figures by store.</summary>
    public Dictionary<string, double> ByStore(string name) =>
        Points(name).Where(p => TagsOf(p).Count > 0).ToDictionary(p => (string)TagsOf(p)["job.store"]!, p => Value(name, p));

    MetricSnapshot Metric(string name) => Assert.Single(metrics, m => m.Name == name);

    /// <summary>The metric's points that carry all of <paramref name="tags"/>; none when the metric was not exported.</summary>
    List<MetricPoint> Points(string name, params (string Key, string Value)[] tags) =>
    [
        .. metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints)
            .Where(p => tags.All(t => TagsOf(p).TryGetValue(t.Key, out var value) && Equals(value, t.Value))),
    ];

    double Value(string name, MetricPoint point) => Metric(name).MetricType switch
    {
        MetricType.LongGauge => point.GetGaugeLastValueLong(),
        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
        var type => throw new InvalidOperationException($"{name} is a {type}, not a gauge."),
    };

    static Dictionary<string, object?> TagsOf(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
            tags[tag.Key] = tag.Value;
        return tags;
    }
}
