namespace Jobs.Api.Documents;

/// <summary>
/// The body of <c>POST /pcm/jobs</c> (documentation only: the endpoint reads the JSON itself, to answer
/// every mistake with a JSON:API error that points at it).
/// </summary>
public sealed record SubmitJobRequest(SubmitJobRequestData Data);

public sealed record SubmitJobRequestData
{
    /// <summary>Optional: the job's id, a UUID. A retried request with the same id never creates a second job.</summary>
    public Guid? Id { get; init; }

    /// <summary>Always <c>pim-job</c>.</summary>
    public required string Type { get; init; }

    public required SubmitJobRequestAttributes Attributes { get; init; }

    public SubmitJobRequestMeta? Meta { get; init; }
}

public sealed record SubmitJobRequestAttributes
{
    /// <summary>One of child-products, product-import, product-export, hierarchy-duplicate, price-import.</summary>
    public required string Type { get; init; }
}

/// <summary>The parameters of the job's type.</summary>
public sealed record SubmitJobRequestMeta
{
    /// <summary>product-export: which products to export (optional).</summary>
    public string? Filter { get; init; }

    /// <summary>hierarchy-duplicate: the hierarchy to copy (required).</summary>
    public Guid? CopiedFrom { get; init; }

    /// <summary>child-products: the parent product (required).</summary>
    public Guid? ProductId { get; init; }

    /// <summary>product-import, price-import: where the uploaded file is (required).</summary>
    public string? FileLocation { get; init; }

    /// <summary>Further options of the job's type, strings only (a duplicate's <c>name</c>, an import's <c>locale</c>, …).</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}
