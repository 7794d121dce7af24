namespace Jobs.Contracts;

/// <summary>
/// Asks the service to record a job and run it in its turn. Publish it; the job id is chosen by the
/// submitter and makes the command idempotent: a second <see cref="SubmitJob"/> with the same id changes
/// nothing. A request gets <see cref="JobSubmitted"/> or <see cref="JobAlreadySubmitted"/> back; an
/// invalid command (empty id, unknown type, a parameter its type requires is missing) faults.
/// </summary>
public record SubmitJob
{
    /// <summary>The job's id, a UUID chosen by the submitter.</summary>
    public Guid JobId { get; init; }

    /// <summary>One of <see cref="JobTypes"/>.</summary>
    public string JobType { get; init; } = "";

    /// <summary>The store the job belongs to; the default store when absent.</summary>
    public string? StoreId { get; init; }

    /// <summary>The id of the request that asked for the job; becomes the job's <c>x_request_id</c>.</summary>
    public string? RequestId { get; init; }

    /// <summary><c>product-export</c>: the filter selecting the products to export.</summary>
    public string? Filter { get; init; }

    /// <summary><c>hierarchy-duplicate</c>: the hierarchy to copy (required); reported as <c>copied_from</c>.</summary>
    public Guid? HierarchyId { get; init; }

    /// <summary><c>child-products</c>: the parent product whose children are built (required).</summary>
    public Guid? ProductId { get; init; }

    /// <summary><c>product-import</c> and <c>price-import</c>: where the uploaded file is stored (required).</summary>
    public string? FileLocation { get; init; }

    /// <summary>Further type-specific options, such as a duplicate's <c>name</c> or an import's <c>locale</c>.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
