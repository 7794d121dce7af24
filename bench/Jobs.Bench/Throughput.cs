namespace Jobs.Bench;

/// <summary>One run of the stores or submit workload: jobs per second, and the workers' peak resident set in MiB.</summary>
sealed record Throughput(double JobsPerSecond, double PeakWorkerMegabytes);
