using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Files;
using Jobs.Api.Http;
using Jobs.Api.Options;
using Jobs.Api.ReadModel;
using Jobs.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Jobs.Api.Endpoints;

/// <summary>
/// <c>POST /pcm/jobs/{jobID}/cancel</c>: asks the saga, over the bus, to cancel the job, and answers from its
/// reply. Only a pending job of the caller's store can be cancelled; the command names the store, so that the saga
/// too finds no job of another. The body may be empty, <c>{}</c> or any JSON object. A job the
/// read model does not have is a 404 at once: the API never asks the saga to wait for a submission (a
/// submission through the API is recorded before it is answered).
/// </summary>
static class CancelJobEndpoint
{
    public static void Map(RouteGroupBuilder jobs) =>
        jobs.MapPost($"{{{JobIds.PathParameter}}}/cancel", HandleAsync)
            .WithName("CancelJob")
            .WithSummary("Cancel a pending job")
            .Produces<JobDocument>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status404NotFound)
            .Produces<ErrorDocument>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ErrorDocument>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity)
            .Produces<ErrorDocument>(StatusCodes.Status503ServiceUnavailable);

    static async Task<IResult> HandleAsync(
        string jobID,
        HttpRequest request,
        ClaimsPrincipal caller,
        IRequestClient<CancelJob> client,
        JobQueries jobs,
        FileLinks links,
        IOptions<JobsApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (!JobIds.TryParsePath(jobID, out var jobId, out var error))
            return error!;
        var (_, bodyError) = await JsonBody.ReadObjectAsync(request, required: false, cancellationToken);
        if (bodyError is not null)
            return bodyError;
        var store = caller.Store();
        if (await jobs.FindAsync(store, jobId, cancellationToken) is null)
            return ApiErrors.NotFound($"job {jobId} not found");

        var answer = await SagaRequests.AskAsync(
            timeout => client.GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId, store), SagaRequests.NotDurable, timeout, options.Value.RequestTimeout),
            options.Value.RequestTimeout, cancellationToken);
        if (answer is not { } reply)
            return ApiErrors.ServiceUnavailable("The job service did not answer in time; the job may still be cancelled. Retrying is safe.");
        if (reply.Is(out Response<JobNotFound>? _))
            return ApiErrors.NotFound($"job {jobId} not found");
        if (reply.Is(out Response<JobNotCancellable>? refused))
            return ApiErrors.FailedValidation($"job {jobId} cannot be cancelled: its status is {refused.Message.Job.Status}");

        // The saga replies after its transaction commits, so the row already says cancelled.
        var job = await jobs.FindAsync(store, jobId, cancellationToken);
        return Results.Json(new JobDocument(job!.ToResource(links.For(request, store))));
    }
}
