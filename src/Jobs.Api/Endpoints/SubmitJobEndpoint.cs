using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Files;
using Jobs.Api.Http;
using Jobs.Api.ReadModel;
using Jobs.Contracts;
using Jobs.Worker.Validation;
using MassTransit;

namespace Jobs.Api.Endpoints;

/// <summary>
/// <c>POST /pcm/jobs</c> (beyond Elastic Path's API): submits a job over the bus and answers with it once the
/// saga has recorded it. A request that names its job (<c>data.id</c>, or an <c>Idempotency-Key</c> header)
/// can be retried safely: the job is created once, and the retry gets it back. The job belongs to the caller's store.
/// </summary>
static class SubmitJobEndpoint
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void Map(RouteGroupBuilder jobs) =>
        jobs.MapPost("", HandleAsync)
            .WithName("SubmitJob")
            .WithSummary("Submit a job")
            .WithDescription("Answers 201 with the pending job and its Location. A retry of a request with the same data.id or Idempotency-Key answers 200 with the job as it is now; the same id with different parameters is a 409.")
            .Accepts<SubmitJobRequest>("application/json")
            .Produces<JobDocument>(StatusCodes.Status201Created)
            .Produces<JobDocument>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status409Conflict)
            .Produces<ErrorDocument>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ErrorDocument>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ErrorDocument>(StatusCodes.Status422UnprocessableEntity)
            .Produces<ErrorDocument>(StatusCodes.Status503ServiceUnavailable);

    static async Task<IResult> HandleAsync(
        HttpContext context,
        ClaimsPrincipal caller,
        JobSubmitter submitter,
        JobQueries jobs,
        FileLinks links,
        CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadObjectAsync(context.Request, required: true, cancellationToken);
        if (bodyError is not null)
            return bodyError;
        var store = caller.Store();
        var (command, problems) = SubmitJobRequestReader.Read(body!, store, context.Request.Headers[IdempotencyKeyHeader], context.TraceIdentifier);
        if (command is null)
            return ApiErrors.FailedValidation(problems);
        var chosenId = body!["data"]?["id"] is not null;

        Response<JobSubmitted, JobAlreadySubmitted>? answer;
        try
        {
            answer = await submitter.AskAsync(command, cancellationToken);
        }
        catch (RequestFaultException fault) when (fault.Fault?.Exceptions.Any(IsInvalidJob) == true)
        {
            // The command met every rule before it was sent (the saga applies the same ones), so the saga refused it
            // for the one thing only it knows: the id belongs to a job of another store. That job stays unnamed.
            return chosenId
                ? ApiErrors.Conflict($"job id {command.JobId} is already in use; choose another", "/data/id")
                : ApiErrors.Conflict($"the {IdempotencyKeyHeader} names a job id that is already in use; choose another key");
        }

        if (answer is not { } reply)
            return ApiErrors.ServiceUnavailable("The job service did not answer in time; the job may still be recorded. Retry with the same data.id or Idempotency-Key.");

        if (reply.Is(out Response<JobSubmitted>? submitted))
            return Results.Created($"{JobsApi.Path}/{command.JobId}", new JobDocument(submitted.Message.Job.ToResource(command)));

        var job = (await jobs.FindAsync(store, command.JobId, cancellationToken))!;
        if (SubmitJobRequestReader.Matches(job, command))
            return Results.Json(new JobDocument(job.ToResource(links.For(context.Request, store))));
        return !chosenId
            ? ApiErrors.Conflict($"the {IdempotencyKeyHeader} names job {job.Id}, which was submitted with other parameters")
            : ApiErrors.Conflict($"job {job.Id} already exists with other parameters", "/data/id");
    }

    /// <summary>Whether the saga refused the command as invalid (the exception it threw, or one it was wrapped in, says so).</summary>
    static bool IsInvalidJob(ExceptionInfo? exception) =>
        exception is not null && (exception.ExceptionType == typeof(InvalidJobException).FullName || IsInvalidJob(exception.InnerException));
}
