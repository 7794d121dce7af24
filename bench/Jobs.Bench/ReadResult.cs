namespace Jobs.Bench;

/// <summary>One run of the read workload: each read's p99 in ms, and the API's peak resident set in MiB.</summary>
sealed record ReadResult(double GetP99, double FirstPageP99, double DeepPageP99, double PeakApiMegabytes);
