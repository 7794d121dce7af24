namespace Jobs.Api.Documents;

/// <summary>A page of jobs, with Elastic Path's <c>meta.results.total</c> and JSON:API paging links.</summary>
public sealed record JobListDocument(IReadOnlyList<JobResource> Data, PageLinks Links, ListMeta Meta);

/// <summary>A page of a job's errors.</summary>
public sealed record JobErrorListDocument(IReadOnlyList<JobErrorResource> Data, PageLinks Links, ListMeta Meta);

/// <summary>A <c>pim-job-error</c>.</summary>
public sealed record JobErrorResource(Guid Id, JobErrorAttributes Attributes)
{
    public const string ResourceType = "pim-job-error";

    public string Type => ResourceType;
}

public sealed record JobErrorAttributes(string Message);

/// <summary>Relative links to the first, last, next and previous pages; next and prev are null at the ends.</summary>
public sealed record PageLinks(string First, string Last, string? Next, string? Prev);

public sealed record ListMeta(PageInfo Page, ResultsInfo Results);

/// <summary>The page: its size, its offset, its number (from 1) and the number of pages.</summary>
public sealed record PageInfo(int Limit, int Offset, int Current, long Total);

public sealed record ResultsInfo(long Total);
