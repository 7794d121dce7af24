using System.ComponentModel.DataAnnotations;

namespace Jobs.Worker.Options;

/// <summary>
/// Cancellation. Section <c>Jobs:Cancel</c>:
/// <code>{ "Jobs": { "Cancel": { "WaitForSubmission": "00:00:10" } } }</code>
/// </summary>
public sealed class CancelOptions
{
    public const string SectionName = "Jobs:Cancel";

    /// <summary>
    /// How long a cancel for a job that is not recorded yet waits for the job's submission, which may be handled
    /// after it (the saga's queue is consumed concurrently). A submission within the wait is recorded as
    /// cancelled; otherwise a requester is answered <c>JobNotFound</c> at the first sweep after the wait. Zero
    /// answers <c>JobNotFound</c> at once.
    /// </summary>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan WaitForSubmission { get; set; } = TimeSpan.FromSeconds(10);
}
