namespace Jobs.Api.Endpoints;

/// <summary>Elastic Path's <c>/pcm/jobs</c> endpoints, plus <c>POST /pcm/jobs</c> for services that prefer HTTP to AMQP.</summary>
static class JobsApi
{
    public const string Path = "/pcm/jobs";

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup(Path).WithTags("Jobs");
        ListJobsEndpoint.Map(jobs);
        GetJobEndpoint.Map(jobs);
        GetJobErrorsEndpoint.Map(jobs);
        CancelJobEndpoint.Map(jobs);
        SubmitJobEndpoint.Map(jobs);
        return app;
    }
}
