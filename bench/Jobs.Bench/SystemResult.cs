using System.Text.Json.Serialization;

namespace Jobs.Bench;

/// <summary>One system's figures in <c>bench/results/latest.json</c>; a workload that does not apply is left out.</summary>
sealed record SystemResult
{
    [JsonPropertyName("serial_jobs_per_s")]
    public double? SerialJobsPerSecond { get; init; }

    [JsonPropertyName("dispatch_gap_ms_p50")]
    public double? DispatchGapMsP50 { get; init; }

    [JsonPropertyName("dispatch_gap_ms_p99")]
    public double? DispatchGapMsP99 { get; init; }

    /// <summary>From the time a JobStarted or JobSucceeded was recorded (its <c>Jobs-Recorded-At</c> header) to its receipt by a subscriber.</summary>
    [JsonPropertyName("commit_to_event_ms_p50")]
    public double? CommitToEventMsP50 { get; init; }

    [JsonPropertyName("commit_to_event_ms_p99")]
    public double? CommitToEventMsP99 { get; init; }

    /// <summary>The serial workload again, with telemetry on: Prometheus scraped and OTLP exported (README, "Exporters").</summary>
    [JsonPropertyName("serial_jobs_per_s_telemetry_on")]
    public double? SerialJobsPerSecondTelemetryOn { get; init; }

    [JsonPropertyName("dispatch_gap_ms_p50_telemetry_on")]
    public double? DispatchGapMsP50TelemetryOn { get; init; }

    /// <summary>The serial workload again, its job type handled in a process of its own (<c>RunJob</c> over RabbitMQ).</summary>
    [JsonPropertyName("remote_handler_serial_jobs_per_s")]
    public double? RemoteSerialJobsPerSecond { get; init; }

    [JsonPropertyName("remote_handler_dispatch_gap_ms_p50")]
    public double? RemoteDispatchGapMsP50 { get; init; }

    [JsonPropertyName("remote_handler_dispatch_gap_ms_p99")]
    public double? RemoteDispatchGapMsP99 { get; init; }

    [JsonPropertyName("remote_handler_commit_to_event_ms_p50")]
    public double? RemoteCommitToEventMsP50 { get; init; }

    [JsonPropertyName("remote_handler_commit_to_event_ms_p99")]
    public double? RemoteCommitToEventMsP99 { get; init; }

    /// <summary>No-op jobs per second run by two workers, by the number of stores the jobs were spread over.</summary>
    [JsonPropertyName("stores_jobs_per_s_2_workers")]
    public IReadOnlyDictionary<int, double>? StoresJobsPerSecond { get; init; }

    [JsonPropertyName("submit_jobs_per_s")]
    public double? SubmitJobsPerSecond { get; init; }

    [JsonPropertyName("cancel_ms_p50")]
    public double? CancelMsP50 { get; init; }

    [JsonPropertyName("cancel_ms_p99")]
    public double? CancelMsP99 { get; init; }

    [JsonPropertyName("get_ms_p99_1m")]
    public double? GetMsP99 { get; init; }

    [JsonPropertyName("list_first_page_ms_p99_1m")]
    public double? ListFirstPageMsP99 { get; init; }

    [JsonPropertyName("list_deep_page_ms_p99_1m")]
    public double? ListDeepPageMsP99 { get; init; }

    [JsonPropertyName("peak_rss_mb_worker")]
    public double? PeakRssMbWorker { get; init; }

    [JsonPropertyName("peak_rss_mb_api")]
    public double? PeakRssMbApi { get; init; }

    /// <summary>Products imported per second from a CSV of Elastic Path's columns (the import's run time).</summary>
    [JsonPropertyName("import_rows_per_s")]
    public double? ImportRowsPerSecond { get; init; }

    [JsonPropertyName("peak_rss_mb_worker_import")]
    public double? ImportPeakRssMbWorker { get; init; }

    /// <summary>Products exported per second to CSV parts (the export's run time).</summary>
    [JsonPropertyName("export_rows_per_s")]
    public double? ExportRowsPerSecond { get; init; }

    [JsonPropertyName("peak_rss_mb_worker_export")]
    public double? ExportPeakRssMbWorker { get; init; }

    [JsonPropertyName("settings")]
    public required string Settings { get; init; }

    /// <summary>For the peers: every variant measured, the best of which the figures above are.</summary>
    [JsonPropertyName("variants")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Peers.PeerResult>? Variants { get; init; }
}
