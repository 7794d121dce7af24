using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Files;
using Jobs.Api.Http;
using Jobs.Api.Queries;
using Jobs.Api.ReadModel;
using Microsoft.AspNetCore.Mvc;

namespace Jobs.Api.Endpoints;

/// <summary><c>GET /pcm/jobs</c>: a page of the caller's store's jobs, newest first unless <c>sort=created_at</c>.</summary>
static class ListJobsEndpoint
{
    public static void Map(RouteGroupBuilder jobs) =>
        jobs.MapGet("", HandleAsync)
            .WithName("ListJobs")
            .WithSummary("List jobs")
            .WithDescription("Paged with page[limit] (1-100, default 25) and page[offset] (0-10000); filtered with eq/in on status and type and gt/ge/lt/le on created_at and updated_at, joined by ':'; sorted by created_at (oldest first) or -created_at (newest first, the default).")
            .Produces<JobListDocument>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest);

    static async Task<IResult> HandleAsync(
        [FromQuery(Name = Paging.LimitParameter)] string? limit,
        [FromQuery(Name = Paging.OffsetParameter)] string? offset,
        [FromQuery(Name = JobListQuery.FilterParameter)] string? filter,
        [FromQuery(Name = JobListQuery.SortParameter)] string? sort,
        HttpRequest request,
        ClaimsPrincipal caller,
        JobQueries jobs,
        FileLinks fileLinks,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryParse(limit, offset, out var paging, out var pagingError, out var parameter))
            return ApiErrors.BadRequest(pagingError!, parameter);
        if (!JobFilter.TryParse(filter, out var jobFilter, out var reason))
            return ApiErrors.BadRequest($"Could not parse the supplied filter: {reason}", JobListQuery.FilterParameter);
        if (sort is not (null or "" or "created_at" or "-created_at"))
            return ApiErrors.BadRequest($"sort must be created_at or -created_at, not '{sort}'.", JobListQuery.SortParameter);

        var query = new JobListQuery(paging, jobFilter, filter, OldestFirst: sort == "created_at");
        var store = caller.Store();
        var (page, total) = await jobs.ListAsync(store, query, cancellationToken);
        var files = fileLinks.For(request, store);
        var (links, meta) = Pages.Describe(JobsApi.Path, paging, total,
            [(JobListQuery.FilterParameter, filter), (JobListQuery.SortParameter, sort)]);
        return Results.Json(new JobListDocument([.. page.Select(x => x.ToResource(files))], links, meta));
    }
}
