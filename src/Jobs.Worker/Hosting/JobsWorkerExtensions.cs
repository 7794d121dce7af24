using Jobs.Worker.Handlers;
using Jobs.Worker.Options;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the whole worker: database, saga, runner, sweeper, on the configured transport.</summary>
public static class JobsWorkerExtensions
{
    /// <summary>
    /// Everything a worker process (or the API in embedded mode) needs. Handlers are registered separately
    /// with <c>AddJobHandler&lt;T&gt;()</c>.
    /// </summary>
    /// <remarks>
    /// Hosted services start in registration order and stop in reverse: the schema is migrated before the
    /// bus consumes anything, and the runner stops (handing its job back over the bus) before the bus does.
    /// </remarks>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddJobsDatabase(configuration, migrate: true);
        services.AddJobsMessaging(configuration, hostWorker: true);
        services.AddJobsRunner(configuration);
        return services;
    }

    /// <summary>
    /// The runner and the sweeper. Register after the bus (see <see cref="AddJobsWorker"/>); the test harness
    /// does so after <c>AddMassTransitTestHarness</c>.
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsRunner(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JobRunnerOptions>()
            .Bind(configuration.GetSection(JobRunnerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DemoHandlerOptions>()
            .Bind(configuration.GetSection(DemoHandlerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<JobHandlerRegistry>();
        services.AddSingleton<JobLine>();
        services.AddSingleton<JobSagaClient>();
        services.AddSingleton<JobLeaseKeeper>();
        services.AddSingleton<JobHandlerInvoker>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobRunnerLoop>();
        services.AddHostedService(p => p.GetRequiredService<JobRunnerLoop>());
        services.AddHostedService<JobQueueSweeper>();
        return services;
    }
}
