using Jobs.Api.Documents;
using Jobs.Api.Endpoints;
using Jobs.Api.Options;
using Jobs.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Jobs.Api.Http;

/// <summary>
/// Submits a job to the saga and waits for it to be recorded: the one way the API creates jobs, whether a caller posts
/// to <c>/pcm/jobs</c> or to one of the catalog's job-creating endpoints.
/// </summary>
sealed class JobSubmitter(IRequestClient<SubmitJob> client, IOptions<JobsApiOptions> options)
{
    /// <summary>The saga's answer, or null when none came in time (broker or workers away).</summary>
    public Task<Response<JobSubmitted, JobAlreadySubmitted>?> AskAsync(SubmitJob command, CancellationToken cancellationToken) =>
        SagaRequests.AskAsync(
            timeout => client.GetResponse<JobSubmitted, JobAlreadySubmitted>(command, SagaRequests.NotDurable, timeout, options.Value.RequestTimeout),
            options.Value.RequestTimeout, cancellationToken);

    /// <summary>
    /// Submits a job under a new id and answers as Elastic Path's job-creating endpoints do: <c>201</c> with the pending
    /// <c>pim-job</c> and its <c>Location</c>, or <c>503</c> when the job service did not answer in time.
    /// </summary>
    public async Task<IResult> CreateAsync(SubmitJob command, CancellationToken cancellationToken)
    {
        var answer = await AskAsync(command, cancellationToken);
        if (answer is not { } reply)
            return ApiErrors.ServiceUnavailable("The job service did not answer in time; the job may still be recorded: look for it in the jobs list.");
        // A new id cannot have been submitted before: the only other answer means the saga saw this very command twice.
        var job = reply.Is(out Response<JobSubmitted>? submitted) ? submitted.Message.Job : reply.Is(out Response<JobAlreadySubmitted>? again) ? again.Message.Job
            : throw new InvalidOperationException("The saga answered a submission with neither JobSubmitted nor JobAlreadySubmitted.");
        return Results.Created($"{JobsApi.Path}/{command.JobId}", new JobDocument(job.ToResource(command)));
    }
}
