namespace Jobs.Worker.Persistence;

/// <summary>
/// A store's line (table <c>job_lines</c>, one row per store, created with the store's first job). On SQLite it hands
/// out places and created dates; on PostgreSQL the line's advisory lock and one sequence do (<see cref="StoreLines"/>,
/// docs/design.md, "Creation order is visibility order"). And it is what runners claim: at most one runner runs a
/// store's line at a time (docs/design.md, "Lines and slots").
/// </summary>
public class StoreLine
{
    public string StoreId { get; set; } = "";

    public long LastSequence { get; set; }

    /// <summary>The created date of the store's last job; created dates never go backwards along a line.</summary>
    public DateTime LastCreatedAt { get; set; }

    /// <summary>
    /// The line needs a runner: it may have pending jobs (set by every submission and every job put back in line), or
    /// a started job to watch whose run is elsewhere (set when a runner parks the line). Cleared only by the line's
    /// runner, once it has seen the line empty while holding the line (<see cref="StoreLines.HoldAsync"/>) and this row.
    /// </summary>
    public bool HasWork { get; set; }

    /// <summary>The claim of the runner running the line, or null.</summary>
    public Guid? ClaimId { get; set; }

    /// <summary>
    /// Until when the line is not to be claimed: the claim's lease while claimed, or, for a line whose head is held
    /// by a run elsewhere, the end of that run's lease.
    /// </summary>
    public DateTime? ClaimExpiresAt { get; set; }

    /// <summary>When a runner last claimed the line: the line that has waited longest since gets the next free slot.</summary>
    public DateTime LastServedAt { get; set; }
}
