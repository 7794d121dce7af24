using Jobs.Api.Endpoints;
using Jobs.Api.Http;
using Jobs.Api.Options;
using Jobs.Api.ReadModel;
using Jobs.Worker.Hosting;
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
        if (builder.Configuration.GetJobsOptions().HostWorker)
            builder.Services.AddJobsWorker(builder.Configuration);
        else
            builder.Services.AddJobsMessaging(builder.Configuration, hostWorker: false);

        builder.Services.AddOptions<JobsApiOptions>()
            .Bind(builder.Configuration.GetSection(JobsApiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddJobsReadModel(builder.Configuration);
        builder.Services.AddJobsHealthChecks<JobsReadDbContext>();
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi(o => o.AddOperationTransformer<JobsOpenApiTransformer>().AddSchemaTransformer<JobMetaSchemas>());
        return builder;
    }

    /// <summary>
    /// The middleware and the endpoints: request ids, JSON:API errors, the jobs API, health
    /// (<c>/health/live</c>, <c>/health/ready</c>), OpenAPI and its reference page.
    /// </summary>
    /// <returns>The same application, so that calls can be chained.</returns>
    public static WebApplication UseJobsApi(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseJsonApiErrors();
        app.MapJobsApi();
        app.MapJobsHealthChecks();
        app.MapOpenApi();
        // The reference page serves Scalar's script from this process: it works without internet access.
        app.MapScalarApiReference("/docs", o => o.WithTitle("Jobs API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts());
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
        return app;
    }
}
