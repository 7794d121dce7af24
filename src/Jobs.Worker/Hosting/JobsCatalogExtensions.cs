using Jobs.Catalog;
using Jobs.Contracts;
using Jobs.Worker.Options;
using Microsoft.Extensions.Configuration;

namespace Jobs.Worker.Hosting;

/// <summary>Registers the catalog in the jobs database, and its job handlers in a process that runs jobs.</summary>
public static class JobsCatalogExtensions
{
    /// <summary>
    /// The catalog, in the database <c>Jobs:Database</c> names (a worker migrates it with the jobs' tables). With
    /// <paramref name="runJobs"/> (a worker, or the API in embedded mode), also the handler of every job type not sent to
    /// another service (<c>Jobs:Handlers:&lt;type&gt;:Queue</c>).
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsCatalog(this IServiceCollection services, IConfiguration configuration, bool runJobs)
    {
        var database = configuration.GetJobsDatabase();
        services.AddCatalog(configuration, database.Provider == JobsDatabase.Postgres, database.ConnectionString);
        if (!runJobs)
            return services;

        var routes = new JobHandlersOptions();
        configuration.GetSection(JobHandlersOptions.SectionName).Bind(routes.Remote);
        return services.AddCatalogJobHandlers(JobTypes.All.Where(t => routes.RemoteFor(t) is null));
    }
}
