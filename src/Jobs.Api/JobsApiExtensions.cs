using Jobs.Api.Auth;
using Jobs.Api.Catalog;
using Jobs.Api.Dashboard;
using Jobs.Api.Endpoints;
using Jobs.Api.Files;
using Jobs.Api.Http;
using Jobs.Api.Options;
using Jobs.Api.ReadModel;
using Jobs.Worker.Hosting;
using Jobs.Worker.Telemetry;
using Scalar.AspNetCore;

namespace Jobs.Api;

/// <summary>Registers and maps the API for the configured mode.</summary>
public static class JobsApiExtensions
{
    /// <summary>
    /// Embedded mode (<c>Jobs:HostWorker</c> true, the default) runs the whole worker in this process;
    /// otherwise the API talks to the worker fleet over the bus. Either way it reads jobs through its own read
    /// model and changes them only with commands to the saga.
    /// </summary>
    /// <returns>The same builder, so that calls can be chained.</returns>
    public static WebApplicationBuilder AddJobsApi(this WebApplicationBuilder builder)
    {
        var hostWorker = builder.Configuration.GetJobsOptions().HostWorker;
        builder.Services.AddJobsCatalog(builder.Configuration, runJobs: hostWorker);
        if (hostWorker)
            builder.Services.AddJobsWorker(builder.Configuration);
        else
            builder.Services.AddJobsMessaging(builder.Configuration, hostWorker: false);

        builder.Services.AddOptions<JobsApiOptions>()
            .Bind(builder.Configuration.GetSection(JobsApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddJobsAuth(builder.Configuration);
        builder.Services.AddFileLinks(builder.Configuration);
        builder.Services.AddJobsReadModel(builder.Configuration);
        builder.Services.AddScoped<JobSubmitter>();
        builder.Services.AddHostedService<StartupSummary>();
        builder.Services.AddJobsHealthChecks<JobsReadDbContext>();
        builder.Services.AddJobsTelemetry(builder.Configuration, "jobs-api");
        builder.Logging.AddJobsLogging(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi(o => o
            .AddOperationTransformer<JobsOpenApiTransformer>()
            .AddSchemaTransformer<JobMetaSchemas>()
            .AddDocumentTransformer<BearerOpenApi>()
            .AddOperationTransformer<BearerOpenApi>());
        return builder;
    }

    /// <summary>
    /// The middleware and the endpoints: request ids, JSON:API errors, the body limit, bearer tokens, the token
    /// endpoint, the jobs and catalog APIs, the download links of jobs' files, health (<c>/health/live</c>,
    /// <c>/health/ready</c>), OpenAPI and its reference page, and the dashboard, where <c>/</c> leads. Only the jobs and
    /// catalog APIs need a token; a download link carries a signature instead.
    /// </summary>
    /// <returns>The same application, so that calls can be chained.</returns>
    public static WebApplication UseJobsApi(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseJsonApiErrors();
        app.UseMiddleware<RequestBodyLimit>();
        // Called here, not left to the host to add first, so that a 401 too has its request id and a JSON:API body.
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTokenEndpoint();
        app.MapJobsApi();
        app.MapCatalogApi();
        app.MapFileDownloads();
        app.MapJobsHealthChecks();
        app.MapJobsTelemetry();
        app.MapOpenApi();
        // The reference page serves Scalar's script from this process: it works without internet access.
        // Its authentication box takes a bearer token, pasted from POST /oauth/access_token.
        app.MapScalarApiReference("/docs", o => o
            .WithTitle("Jobs API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .AddPreferredSecuritySchemes([BearerOpenApi.SchemeName]));
        app.MapDashboard();
        app.MapGet("/", () => Results.Redirect($"{DashboardExtensions.Path}/")).ExcludeFromDescription();
        return app;
    }
}
