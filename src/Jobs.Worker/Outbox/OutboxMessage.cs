namespace Jobs.Worker.Outbox;

/// <summary>
/// A message the saga (or a sweep) emitted, written in the same transaction as the change it announces and
/// delivered to the broker once that has committed (table <c>outbox_messages</c>; docs/design.md, "The outbox").
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The order in which messages were written; per job, the order in which their changes committed.</summary>
    public long Sequence { get; set; }

    /// <summary>The message id on the bus, the same on every delivery attempt: subscribers deduplicate by it.</summary>
    public Guid MessageId { get; set; }

    /// <summary>
    /// The job the message is about. A job's messages are delivered one after the other, in <see cref="Sequence"/>
    /// order; null for a message that keeps no order with others (a runners' wake-up).
    /// </summary>
    public Guid? JobId { get; set; }

    /// <summary>The message's type, one of <see cref="OutboxMessageTypes"/>.</summary>
    public string MessageType { get; set; } = "";

    /// <summary>The message, as JSON.</summary>
    public string Body { get; set; } = "";

    /// <summary>Where the message is sent (a requester's address); null when it is published.</summary>
    public Uri? DestinationAddress { get; set; }

    /// <summary>The request a sent answer belongs to.</summary>
    public Guid? RequestId { get; set; }

    /// <summary>False for a message the broker need not write to disk (a wake-up the sweep repeats).</summary>
    public bool Durable { get; set; }

    /// <summary>When the change was recorded, in the transaction that committed it; sent as the <c>Jobs-Recorded-At</c> header.</summary>
    public DateTime RecordedAt { get; set; }

    /// <summary>When the message stops being worth sending (a <c>RunJob</c> past its pickup timeout); null for never.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the activity that wrote the message, so that its delivery after the commit joins that
    /// trace; null when none was recording.
    /// </summary>
    public string? TraceParent { get; set; }
}
