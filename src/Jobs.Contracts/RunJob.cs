namespace Jobs.Contracts;

/// <summary>
/// Tells a handler in another service to run a job now: sent to the queue configured for the job's type
/// (<c>Jobs:Handlers:&lt;type&gt;:Queue</c>) in the transaction that starts the job. The store's line waits for
/// the run's <see cref="JobCompleted"/>; until then the handler keeps the run alive with a <see cref="JobHeartbeat"/>
/// at least every third of <see cref="Lease"/>. A <c>RunJob</c> that nobody takes within the type's pickup timeout
/// expires from the queue, and the job is offered again. A run can happen more than once (a handler that crashed,
/// a heartbeat that did not arrive in time): do the work so that running it again is harmless, keyed by
/// <see cref="JobId"/>.
/// </summary>
public record RunJob
{
    /// <summary>The job to run.</summary>
    public Guid JobId { get; init; }

    /// <summary>Its type, one of <see cref="JobTypes"/>.</summary>
    public string JobType { get; init; } = "";

    /// <summary>The store the job belongs to.</summary>
    public string StoreId { get; init; } = "";

    /// <summary>The request id the job was submitted with (its <c>x_request_id</c>), if any.</summary>
    public string? RequestId { get; init; }

    /// <summary>1 on the job's first start; higher when an earlier run was abandoned. Echo it in every report.</summary>
    public int Attempt { get; init; }

    /// <summary>This run's id, new for every start. Echo it in every report: only the live run's reports count.</summary>
    public Guid RunId { get; init; }

    /// <summary>The parameters as submitted, declared ones (<see cref="JobParameters"/>) and further options alike.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the run stays alive without a heartbeat; send one at least every third of it.</summary>
    public TimeSpan Lease { get; init; }

    /// <summary>Where to send <see cref="JobHeartbeat"/> and <see cref="JobCompleted"/>: the saga's endpoint (<c>job-state</c>).</summary>
    public Uri ReportTo { get; init; } = null!;
}
