namespace Jobs.Worker.Persistence;

/// <summary>
/// A <c>CancelJob</c> that arrived before its job's <c>SubmitJob</c> (table <c>early_cancellations</c>). The
/// submission, when it comes within the wait, is recorded as cancelled and the canceller answered; otherwise the
/// sweep answers <c>JobNotFound</c> once <see cref="ExpiresAt"/> has passed and removes the row.
/// </summary>
public class EarlyCancellation
{
    public Guid Id { get; set; }

    public Guid JobId { get; set; }

    /// <summary>The store the cancel named: only a submission of the job in that store is cancelled by it.</summary>
    public string StoreId { get; set; } = "";

    public DateTime ReceivedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>Where the canceller waits for its answer; null for a cancel that was published, not requested.</summary>
    public Uri? ResponseAddress { get; set; }

    /// <summary>The canceller's request id, which the answer must carry to reach it.</summary>
    public Guid? RequestId { get; set; }
}
