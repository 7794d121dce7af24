using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Api.Queries;
using Jobs.Api.ReadModel;
using Microsoft.AspNetCore.Mvc;

namespace Jobs.Api.Endpoints;

/// <summary><c>GET /pcm/jobs/{jobID}/errors</c>: a page of the <c>pim-job-error</c>s of a job of the caller's store, in the order reported.</summary>
static class GetJobErrorsEndpoint
{
    public static void Map(RouteGroupBuilder jobs) =>
        jobs.MapGet($"{{{JobIds.PathParameter}}}/errors", HandleAsync)
            .WithName("GetJobErrors")
            .WithSummary("Get a job's errors")
            .Produces<JobErrorListDocument>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);

    static async Task<IResult> HandleAsync(
        string jobID,
        [FromQuery(Name = Paging.LimitParameter)] string? limit,
        [FromQuery(Name = Paging.OffsetParameter)] string? offset,
        ClaimsPrincipal caller,
        JobQueries jobs,
        CancellationToken cancellationToken)
    {
        if (!JobIds.TryParsePath(jobID, out var jobId, out var error))
            return error!;
        if (!Paging.TryParse(limit, offset, out var paging, out var pagingError, out var parameter))
            return ApiErrors.BadRequest(pagingError!, parameter);
        var errors = await jobs.ErrorsAsync(caller.Store(), jobId, cancellationToken);
        if (errors is null)
            return ApiErrors.NotFound($"job {jobId} not found");

        var page = errors.Skip(paging.Offset).Take(paging.Limit).Select(e => e.ToResource()).ToList();
        var (links, meta) = Pages.Describe($"{JobsApi.Path}/{jobId}/errors", paging, errors.Count, []);
        return Results.Json(new JobErrorListDocument(page, links, meta));
    }
}
