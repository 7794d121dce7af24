namespace Jobs.Contracts;

/// <summary>
/// A handler in another service is still running a job: the run's lease is renewed for another
/// <see cref="RunJob.Lease"/>. Send one as soon as the <see cref="RunJob"/> is taken (it tells Jobs the job was
/// picked up) and then at least every third of the lease. A heartbeat that does not name the job's live run
/// changes nothing. Checked against <see cref="JobReportRules"/>: one past a limit faults and changes nothing.
/// </summary>
public record JobHeartbeat
{
    /// <summary>The job being run.</summary>
    public Guid JobId { get; init; }

    /// <summary>The attempt being run, as its <see cref="RunJob"/> said.</summary>
    public int Attempt { get; init; }

    /// <summary>The run, as its <see cref="RunJob"/> said.</summary>
    public Guid RunId { get; init; }

    /// <summary>How far the job has got, when the handler knows: shown on the job (the API's <c>meta.progress</c>).</summary>
    public JobProgress? Progress { get; init; }
}
