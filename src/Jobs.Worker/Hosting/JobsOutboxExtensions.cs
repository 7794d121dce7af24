using Jobs.Worker.Options;
using Jobs.Worker.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jobs.Worker.Hosting;

/// <summary>Registers the outbox: its writer for the saga, its delivery and its health check.</summary>
public static class JobsOutboxExtensions
{
    /// <summary>
    /// The outbox of a worker (docs/design.md, "The outbox"). Registered after the bus and before the runner, so
    /// that delivery starts once the bus has, and stops after the runner (whose last commits it sends) and before the bus.
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddScoped<JobsOutbox>();
        services.AddSingleton<OutboxDelivery>();
        services.AddHostedService(s => s.GetRequiredService<OutboxDelivery>());
        services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", tags: [JobsHealthChecks.Ready, JobsHealthChecks.ShowsFigures]);
        return services;
    }
}
