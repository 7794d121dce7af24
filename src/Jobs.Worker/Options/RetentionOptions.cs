using System.ComponentModel.DataAnnotations;

namespace Jobs.Worker.Options;

/// <summary>
/// Retention of finished jobs (docs/design.md, "Retention"). Section <c>Jobs:Retention</c>:
/// <code>{ "Jobs": { "Retention": { "Enabled": true, "FinishedJobs": "30.00:00:00", "BatchSize": 500, "Interval": "00:10:00" } } }</code>
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Jobs:Retention";

    /// <summary>False keeps every job for ever: this worker deletes nothing (every worker reads its own setting).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a finished job (success, failed, cancelled) is kept after it finished, that is after its last update. A
    /// month is what a store's staff expect to look back on an import or an export; at least an hour, so that a job is
    /// never gone before its submitter has read its outcome.
    /// </summary>
    [TimeSpanRange("01:00:00", "3650.00:00:00", ErrorMessage = "Jobs:Retention:FinishedJobs must be between {1} and {2}.")]
    public TimeSpan FinishedJobs { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Jobs deleted per transaction. Each one deleted updates its store's count row, so a batch holds those rows (and
    /// keeps the saga's commits for the same store, status and type waiting) only while it deletes; the upper bound also
    /// keeps a batch's ids within what one SQLite statement takes.
    /// </summary>
    [Range(1, 5000, ErrorMessage = "Jobs:Retention:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How often a worker looks for finished jobs past <see cref="FinishedJobs"/> (the first time one interval after it
    /// starts). A pass deletes batch after batch until none is left, so the interval only decides how soon after its time
    /// a job goes.
    /// </summary>
    [TimeSpanRange("00:00:01", "1.00:00:00", ErrorMessage = "Jobs:Retention:Interval must be between {1} and {2}.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);
}
