using System.ComponentModel.DataAnnotations;

namespace Jobs.Worker.Options;

/// <summary>
/// Delivery of the outbox (docs/design.md, "The outbox"). Section <c>Jobs:Outbox</c>:
/// <code>{ "Jobs": { "Outbox": { "PollInterval": "00:00:01", "BatchSize": 100, "PublishTimeout": "00:00:30", "LagWarning": "00:00:30" } } }</code>
/// </summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Jobs:Outbox";

    /// <summary>
    /// How often a worker looks for messages nobody woke it for: another worker's that crashed before delivering,
    /// or its own after the broker or the database was away. Its own commits wake it at once.
    /// </summary>
    [TimeSpanRange("00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages claimed and sent per round trip to the database.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a send may wait for the broker's confirm before the batch is given up and tried again.</summary>
    [TimeSpanRange("00:00:01", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The age of the oldest undelivered message past which the <c>outbox</c> health check reports degraded.</summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan LagWarning { get; set; } = TimeSpan.FromSeconds(30);
}
