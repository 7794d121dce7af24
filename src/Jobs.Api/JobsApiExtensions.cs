using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Api;

/// <summary>Registers the API's services for the configured mode.</summary>
public static class JobsApiExtensions
{
    /// <summary>
    /// Embedded mode (<c>Jobs:HostWorker</c> true, the default) runs the whole worker in this process;
    /// otherwise the API only reads the jobs database and talks to the worker fleet over the bus.
    /// </summary>
    /// <returns>The same builder, so that calls can be chained.</returns>
    public static WebApplicationBuilder AddJobsApi(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetJobsOptions().HostWorker)
        {
            builder.Services.AddJobsWorker(builder.Configuration);
        }
        else
        {
            builder.Services.AddJobsDatabase(builder.Configuration, migrate: false);
            builder.Services.AddJobsMessaging(builder.Configuration, hostWorker: false);
        }

        return builder;
    }
}
