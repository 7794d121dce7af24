using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Jobs.Tests.Telemetry;

/// <summary>
/// Jobs' metrics as OpenTelemetry's in-memory exporter receives them from the meter provider of the host under test:
/// a spec adds the exporter to the host's services, then collects whenever it wants to look (the gauges read the
/// database at that moment).
/// </summary>
public sealed class MetricsReader
{
    readonly List<MetricSnapshot> _exported = [];

    /// <summary>Adds the in-memory exporter to the meter provider the host registers; it exports only when a spec collects.</summary>
    public void AddTo(IServiceCollection services) =>
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_exported,
            o => o.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = int.MaxValue));

    /// <summary>Collects every instrument of the host's meter provider now, and answers what was exported.</summary>
    public CollectedMetrics Collect(IServiceProvider services)
    {
        _exported.Clear();
        services.GetRequiredService<MeterProvider>().ForceFlush();
        return new CollectedMetrics([.. _exported]);
    }
}
