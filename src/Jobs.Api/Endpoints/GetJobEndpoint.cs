using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Files;
using Jobs.Api.Http;
using Jobs.Api.ReadModel;

namespace Jobs.Api.Endpoints;

/// <summary><c>GET /pcm/jobs/{jobID}</c>: one job of the caller's store.</summary>
static class GetJobEndpoint
{
    public static void Map(RouteGroupBuilder jobs) =>
        jobs.MapGet($"{{{JobIds.PathParameter}}}", HandleAsync)
            .WithName("GetJob")
            .WithSummary("Get a job")
            .Produces<JobDocument>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound);

    static async Task<IResult> HandleAsync(string jobID, HttpRequest request, ClaimsPrincipal caller, JobQueries jobs, FileLinks links, CancellationToken cancellationToken)
    {
        if (!JobIds.TryParsePath(jobID, out var jobId, out var error))
            return error!;
        var store = caller.Store();
        var job = await jobs.FindAsync(store, jobId, cancellationToken);
        return job is null ? ApiErrors.NotFound($"job {jobId} not found") : Results.Json(new JobDocument(job.ToResource(links.For(request, store))));
    }
}
