namespace Jobs.Bench;

/// <summary>
/// The keys of <c>bench/results/latest.json</c>. Each holds the median of the runs; <c>&lt;key&gt;_runs</c> beside it
/// holds every run's value.
/// </summary>
static class FigureKeys
{
    public const string Serial = "serial_jobs_per_s";
    public const string GapP50 = "dispatch_gap_ms_p50";
    public const string GapP99 = "dispatch_gap_ms_p99";
    public const string CommitToEventP50 = "commit_to_event_ms_p50";
    public const string CommitToEventP99 = "commit_to_event_ms_p99";
    public const string SerialTelemetryOn = "serial_jobs_per_s_telemetry_on";
    public const string GapP50TelemetryOn = "dispatch_gap_ms_p50_telemetry_on";
    public const string RemoteSerial = "remote_serial_jobs_per_s";
    public const string RemoteGapP50 = "remote_handler_dispatch_gap_ms_p50";
    public const string RemoteGapP99 = "remote_handler_dispatch_gap_ms_p99";
    public const string RemoteCommitToEventP50 = "remote_handler_commit_to_event_ms_p50";
    public const string RemoteCommitToEventP99 = "remote_handler_commit_to_event_ms_p99";
    public const string Submit = "submit_jobs_per_s";
    public const string CancelP50 = "cancel_ms_p50";
    public const string CancelP99 = "cancel_ms_p99";
    // The read keys keep their earlier names, which name the default run's million rows; "run" in the file gives the rows read at.
    public const string GetP99 = "get_ms_p99_1m";
    public const string ListFirstPageP99 = "list_first_page_ms_p99_1m";
    public const string ListDeepPageP99 = "list_deep_page_ms_p99_1m";
    public const string PeakRssWorker = "peak_rss_mb_worker";
    public const string PeakRssApi = "peak_rss_mb_api";
    public const string Import = "import_rows_per_s";
    public const string ImportPeakRssWorker = "peak_rss_mb_worker_import";
    public const string Export = "export_rows_per_s";
    public const string ExportPeakRssWorker = "peak_rss_mb_worker_export";

    /// <summary>Earlier results' name for <see cref="RemoteSerial"/>, kept with the same median.</summary>
    public const string RemoteSerialEarlierName = "remote_handler_serial_jobs_per_s";

    /// <summary>Earlier results' map of store count to jobs/s, kept with the medians.</summary>
    public const string StoresByCount = "stores_jobs_per_s_2_workers";

    /// <summary>No-op jobs/s run by two workers with the jobs spread over <paramref name="stores"/> stores.</summary>
    public static string Stores(int stores) => $"stores_{stores}_jobs_per_s";
}
