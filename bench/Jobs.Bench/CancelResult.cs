namespace Jobs.Bench;

/// <summary>One run of the cancel workload: latency percentiles in ms, and the worker's and API's peak resident sets in MiB.</summary>
sealed record CancelResult(double P50, double P99, double PeakWorkerMegabytes, double PeakApiMegabytes);
