using System.ComponentModel.DataAnnotations;

namespace Jobs.Worker.Options;

/// <summary>
/// OpenTelemetry (README, "Metrics" and "Exporters"). Section <c>Jobs:Telemetry</c>:
/// <code>{ "Jobs": { "Telemetry": { "Prometheus": true, "MaxStoresPerGauge": 20 } } }</code>
/// Traces and metrics go to an OTLP collector when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. With neither
/// that nor <see cref="Prometheus"/>, OpenTelemetry is not registered at all.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Jobs:Telemetry";

    /// <summary>The standard variable that names the OTLP collector (its companions, OTEL_EXPORTER_OTLP_*, apply too).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Serve the metrics for Prometheus to scrape at <c>/metrics</c> (on the API, and on each worker's health port).</summary>
    public bool Prometheus { get; set; }

    /// <summary>
    /// How many stores a per-store gauge reports (each store is a time series of its own): the stores with the most
    /// pending jobs, or with the oldest; the figure over all stores is reported beside them, without a store.
    /// </summary>
    [Range(1, 1000)]
    public int MaxStoresPerGauge { get; set; } = 20;
}
