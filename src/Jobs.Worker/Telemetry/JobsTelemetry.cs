using System.Diagnostics;

namespace Jobs.Worker.Telemetry;

/// <summary>
/// The names under which Jobs reports to OpenTelemetry: its own spans come from <see cref="ActivitySource"/>, its
/// metrics from the meter of the same name (README, "Metrics" and "Traces", list every instrument and span).
/// </summary>
public static class JobsTelemetry
{
    /// <summary>The name of Jobs' activity source and meter (declared with the spans a handler's own service records too).</summary>
    public const string Name = JobTracing.SourceName;

    /// <summary>MassTransit's activity source and meter (its own instrumentation of sends, publishes and consumes).</summary>
    public const string MassTransitName = "MassTransit";

    /// <summary>Jobs' own spans. Starting one costs nothing while no listener samples it.</summary>
    public static readonly ActivitySource ActivitySource = JobTracing.Source;
}
