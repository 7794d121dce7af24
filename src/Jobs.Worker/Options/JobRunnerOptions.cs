using System.ComponentModel.DataAnnotations;

namespace Jobs.Worker.Options;

/// <summary>
/// The runner's timing. Section <c>Jobs:Runner</c>:
/// <code>
/// { "Jobs": { "Runner": { "Enabled": true, "MaxConcurrentLines": 4, "LeaseDuration": "00:00:30", "MaxAttempts": 3, "SweepInterval": "00:00:05",
///   "RequestTimeout": "00:00:30", "Timeout": "1.00:00:00", "Timeouts": { "product-export": "02:00:00" } } } }
/// </code>
/// </summary>
public sealed class JobRunnerOptions
{
    public const string SectionName = "Jobs:Runner";

    /// <summary>
    /// False pauses this worker's runner: the saga still records submissions and cancellations, but no
    /// job starts here. With every replica paused, the line simply waits.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How many stores' lines this worker runs at once (its slots). A store's line is run by one slot at a time, in
    /// any worker; more stores than slots take turns, the store that has waited longest first.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentLines { get; set; } = 4;

    /// <summary>
    /// How long a started job stays its runner's without a heartbeat. The runner renews it every third of
    /// this; a job whose lease ran out is taken to be abandoned and retried (or failed).
    /// </summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Starts a job may have before an abandoned run fails it instead of retrying it.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often each worker looks for pending jobs that no wake-up announced.</summary>
    [TimeSpanRange("00:00:00.050", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the runner waits for the saga to answer a start or a completion before it asks again.</summary>
    [TimeSpanRange("00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a handler may run before its job fails with a timeout error. A hung handler keeps renewing
    /// its lease, so without a limit it would hold the line for ever.
    /// </summary>
    [TimeSpanRange("00:00:00.010", "30.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Per job type, a limit other than <see cref="Timeout"/>.</summary>
    public Dictionary<string, TimeSpan> Timeouts { get; set; } = [];

    /// <summary>The limit for a job type.</summary>
    public TimeSpan TimeoutFor(string jobType) => Timeouts.GetValueOrDefault(jobType, Timeout);
}
