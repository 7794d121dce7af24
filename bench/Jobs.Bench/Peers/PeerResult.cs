using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs.Bench.Peers;

/// <summary>
/// What a peer's child process reports, as one line <c>RESULT {json}</c> on standard output: one variant
/// (its defaults, or its tuned best) of the serial and submit workloads, in one run.
/// </summary>
sealed record PeerResult
{
    public const string Prefix = "RESULT ";

    [JsonPropertyName("variant")]
    public required string Variant { get; init; }

    /// <summary>The settings that produced these figures, for a person to read.</summary>
    [JsonPropertyName("settings")]
    public required string Settings { get; init; }

    /// <summary>How many jobs the serial workload ran.</summary>
    [JsonPropertyName("jobs")]
    public required int Jobs { get; init; }

    [JsonPropertyName("serial_jobs_per_s")]
    public required double SerialJobsPerSecond { get; init; }

    [JsonPropertyName("dispatch_gap_ms_p50")]
    public required double DispatchGapMsP50 { get; init; }

    [JsonPropertyName("dispatch_gap_ms_p99")]
    public required double DispatchGapMsP99 { get; init; }

    /// <summary>Jobs accepted per second from 16 concurrent publishers; null where it was not measured.</summary>
    [JsonPropertyName("submit_jobs_per_s")]
    public double? SubmitJobsPerSecond { get; init; }

    /// <summary>Anything a reader must know to read the figures fairly: the same in every run of the variant.</summary>
    [JsonPropertyName("notes")]
    public required string Notes { get; init; }

    /// <summary>What this run alone showed: a cap or stall that cut it short, the in-process check of its gaps.</summary>
    [JsonPropertyName("run_notes")]
    public required string RunNotes { get; init; }

    public string ToLine() => Prefix + JsonSerializer.Serialize(this);

    public static PeerResult FromOutput(string output) =>
        JsonSerializer.Deserialize<PeerResult>(output.Split('\n').Single(l => l.StartsWith(Prefix, StringComparison.Ordinal))[Prefix.Length..])!;
}
