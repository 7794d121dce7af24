namespace Jobs.Contracts;

/// <summary>Headers Jobs puts on the events and answers it sends, besides MassTransit's own.</summary>
public static class JobMessageHeaders
{
    /// <summary>
    /// When the change a message announces was recorded, in the transaction that committed it (UTC, ISO 8601 with
    /// fractions of a second). A message is sent after that commit, and sent again after a failure with the same
    /// message id and this same time: the header tells a subscriber how far behind delivery was.
    /// </summary>
    public const string RecordedAt = "Jobs-Recorded-At";
}
