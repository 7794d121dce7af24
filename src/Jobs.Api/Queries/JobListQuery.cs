namespace Jobs.Api.Queries;

/// <summary>What <c>GET /pcm/jobs</c> asked for: a page, a filter and an order.</summary>
public sealed record JobListQuery(Paging Paging, JobFilter Filter, string? FilterText, bool OldestFirst)
{
    public const string SortParameter = "sort";
    public const string FilterParameter = "filter";
}
