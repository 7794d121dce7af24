using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Microsoft.AspNetCore.Http.Metadata;

namespace Jobs.Api.Endpoints;

/// <summary>
/// Elastic Path's <c>/pcm/jobs</c> endpoints, plus <c>POST /pcm/jobs</c> for services that prefer HTTP to AMQP. Every one
/// needs a bearer token, and acts on the store it names only.
/// </summary>
static class JobsApi
{
    public const string Path = "/pcm/jobs";

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup(Path)
            .WithTags("Jobs")
            .RequireAuthorization(JobsAuthExtensions.StorePolicy)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ErrorDocument), ["application/json"]));
        ListJobsEndpoint.Map(jobs);
        GetJobEndpoint.Map(jobs);
        GetJobErrorsEndpoint.Map(jobs);
        CancelJobEndpoint.Map(jobs);
        SubmitJobEndpoint.Map(jobs);
        return app;
    }
}
