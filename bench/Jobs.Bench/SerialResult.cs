namespace Jobs.Bench;

/// <summary>The serial workload's figures: jobs per second, the gaps between jobs and commit-to-event latency, in ms.</summary>
sealed record SerialResult(double JobsPerSecond, double GapP50, double GapP99, double CommitToEventP50, double CommitToEventP99);
