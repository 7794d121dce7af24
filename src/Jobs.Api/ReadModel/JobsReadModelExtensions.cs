using Jobs.Worker.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.ReadModel;

/// <summary>Registers the API's read model of the jobs database.</summary>
public static class JobsReadModelExtensions
{
    /// <summary>The read model's DbContext (pooled, no tracking) on the configured database, and its queries.</summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsReadModel(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetJobsDatabase();
        services.AddDbContextPool<JobsReadDbContext>(o => o.UseJobsDatabase(database).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
        services.AddScoped<JobQueries>();
        return services;
    }
}
