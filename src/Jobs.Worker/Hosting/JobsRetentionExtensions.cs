using Jobs.Catalog.Files;
using Jobs.Worker.Options;
using Jobs.Worker.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jobs.Worker.Hosting;

/// <summary>Registers the retention of finished jobs.</summary>
public static class JobsRetentionExtensions
{
    /// <summary>
    /// Retention of finished jobs (<c>Jobs:Retention</c>; docs/design.md, "Retention"), validated as the worker starts. The
    /// file store is looked up when retention starts, not now: the catalog that brings it may be registered after the worker.
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(s => new RetentionBatches(s.GetRequiredService<IServiceScopeFactory>(), s.GetService<IFileStore>()));
        services.AddHostedService<JobRetention>();
        return services;
    }
}
