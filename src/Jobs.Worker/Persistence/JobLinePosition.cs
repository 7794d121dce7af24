namespace Jobs.Worker.Persistence;

/// <summary>
/// The single row (table <c>job_line</c>) that hands out places in line. Taking a place locks the row until the
/// submission commits, so places are handed out in commit order: a job can never become visible behind a job
/// that was already given a later place (docs/design.md, "Creation order is visibility order").
/// </summary>
public class JobLinePosition
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public long LastSequence { get; set; }

    /// <summary>The created date of the last job; created dates never go backwards along the line.</summary>
    public DateTime LastCreatedAt { get; set; }
}
