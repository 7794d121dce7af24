using Jobs.Worker.Handlers;
using Jobs.Worker.Options;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
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
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddJobsWorkerServices(configuration);
        services.AddJobsMessaging(configuration, hostWorker: true);
        return services;
    }

    /// <summary>
    /// The worker without a transport: database, migrations, runner and sweeper. The test harness adds its
    /// own bus with <c>AddJobsWorkerBus</c>.
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsWorkerServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddJobsDatabase(configuration);
        // Registered before MassTransit so that the schema is current before any message is consumed.
        services.AddHostedService<DatabaseMigrator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JobRunnerOptions>()
            .Bind(configuration.GetSection(JobRunnerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<JobHandlerRegistry>();
        services.AddSingleton<JobLine>();
        services.AddScoped<JobRunner>();
        services.AddScoped<RecordSubmissionActivity>();
        services.AddSingleton<JobRunnerLoop>();
        services.AddHostedService(p => p.GetRequiredService<JobRunnerLoop>());
        services.AddHostedService<JobQueueSweeper>();
        return services;
    }
}
