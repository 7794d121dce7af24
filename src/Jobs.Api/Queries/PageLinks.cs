using Jobs.Api.Documents;

namespace Jobs.Api.Queries;

/// <summary>Builds a list's paging links and page meta, keeping the request's other parameters in every link.</summary>
static class Pages
{
    public static (PageLinks Links, ListMeta Meta) Describe(string path, Paging paging, long total, IEnumerable<(string Name, string? Value)> keep)
    {
        var pages = Math.Max(1, (total + paging.Limit - 1) / paging.Limit);
        // The last page a client can reach: offsets stop at Paging.MaxOffset.
        var lastOffset = Math.Min((pages - 1) * paging.Limit, Paging.MaxOffset / paging.Limit * paging.Limit);
        var nextOffset = paging.Offset + paging.Limit;
        var links = new PageLinks(
            First: Link(path, 0, paging.Limit, keep),
            Last: Link(path, lastOffset, paging.Limit, keep),
            Next: nextOffset < total && nextOffset <= Paging.MaxOffset ? Link(path, nextOffset, paging.Limit, keep) : null,
            // Past the end, the previous page is the last one.
            Prev: paging.Offset > 0 ? Link(path, Math.Max(0, Math.Min(paging.Offset - paging.Limit, lastOffset)), paging.Limit, keep) : null);
        var meta = new ListMeta(new PageInfo(paging.Limit, paging.Offset, paging.Offset / paging.Limit + 1, pages), new ResultsInfo(total));
        return (links, meta);
    }

    static string Link(string path, long offset, int limit, IEnumerable<(string Name, string? Value)> keep)
    {
        var query = $"{Paging.OffsetParameter}={offset}&{Paging.LimitParameter}={limit}";
        foreach (var (name, value) in keep)
        {
            if (!string.IsNullOrEmpty(value))
                query += $"&{name}={Uri.EscapeDataString(value)}";
        }

        return $"{path}?{query}";
    }
}
