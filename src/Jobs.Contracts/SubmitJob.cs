namespace Jobs.Contracts;

/// <summary>
/// Asks the service to record a job and run it in its turn. Publish it; the job id is chosen by the
/// submitter and makes the command idempotent: a second <see cref="SubmitJob"/> with the same id changes
/// nothing. A request gets <see cref="JobSubmitted"/> or <see cref="JobAlreadySubmitted"/> back; an
/// invalid command (see <see cref="SubmitJobRules"/>) faults at once and stores nothing.
/// </summary>
public record SubmitJob
{
    /// <summary>The job's id, a UUID chosen by the submitter.</summary>
    public Guid JobId { get; init; }

    /// <summary>One of <see cref="JobTypes"/>.</summary>
    public string JobType { get; init; } = "";

    /// <summary>
    /// The store the job belongs to (at most <see cref="JobLimits.MaxStoreIdLength"/> characters); the job waits in
    /// that store's line. <see cref="JobStores.Default"/> when absent.
    /// </summary>
    public string? StoreId { get; init; }

    /// <summary>The id of the request that asked for the job; becomes the job's <c>x_request_id</c> (the job id when absent).</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// The job's parameters, named as in Elastic Path's job <c>meta</c>: those its type declares
    /// (<see cref="JobTypes.Definitions"/>, e.g. <c>copied_from</c> for <c>hierarchy-duplicate</c>), and further
    /// options its handler understands (a duplicate's <c>name</c>, say), all as strings.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
