namespace Jobs.Bench;

/// <summary>
/// One run of the serial workload: jobs per second, the gaps between jobs and commit-to-event latency in ms, and the
/// worker's peak resident set in MiB.
/// </summary>
sealed record SerialResult(double JobsPerSecond, double GapP50, double GapP99, double CommitToEventP50, double CommitToEventP99, double PeakWorkerMegabytes);
