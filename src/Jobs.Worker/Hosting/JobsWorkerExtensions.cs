using Jobs.Worker.Handlers;
using Jobs.Worker.Options;
using Jobs.Worker.Running;
using Jobs.Worker.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Hosting;

/// <summary>Registers the whole worker: database, saga, runner, sweeper, on the configured transport.</summary>
public static class JobsWorkerExtensions
{
    /// <summary>
    /// Everything a worker process (or the API in embedded mode) needs. Handlers are registered separately
    /// with <c>AddJobHandler&lt;T&gt;()</c>.
    /// </summary>
    /// <remarks>
    /// Hosted services start in registration order and stop in reverse: the schema is migrated before the
    /// bus consumes anything, and the runner stops (handing its job back to the saga through the mediator)
    /// before the outbox's delivery, which stops before the bus.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration to read.</param>
    /// <param name="addBus">How MassTransit is added; <c>AddMassTransit</c> unless a test harness stands in.</param>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsWorker(this IServiceCollection services, IConfiguration configuration, AddBus? addBus = null)
    {
        services.AddJobsDatabase(configuration, migrate: true);
        services.AddJobsMessaging(configuration, hostWorker: true, addBus);
        services.AddJobsOutbox(configuration);
        services.AddJobsRunner(configuration);
        services.AddJobsRetention(configuration);
        services.AddJobsMetrics(configuration);
        return services;
    }

    /// <summary>
    /// Jobs' instruments (README, "Metrics"), registered whether or not telemetry is on: the saga and the runner record
    /// into them unconditionally, and an instrument nobody listens to records nothing.
    /// </summary>
    static void AddJobsMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<JobsBacklog>();
        services.TryAddSingleton<JobsMetrics>();
    }

    /// <summary>The runner and the sweeper; registered after the bus, so that they stop before it.</summary>
    static void AddJobsRunner(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JobRunnerOptions>()
            .Bind(configuration.GetSection(JobRunnerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<JobHandlersOptions>()
            .Configure(o => configuration.GetSection(JobHandlersOptions.SectionName).Bind(o.Remote))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobHandlersOptions>, JobHandlersOptionsValidator>();
        services.AddSingleton<JobHandlerRegistry>();
        services.AddSingleton<LineReader>();
        services.AddSingleton<LineClaims>();
        services.AddSingleton<RunnerWakeUps>();
        services.AddSingleton<JobSagaClient>();
        services.AddSingleton<JobLeaseKeeper>();
        services.AddSingleton<JobHandlerInvoker>();
        services.AddSingleton<EarlyCancellationExpiry>();
        services.AddHostedService<LineSlots>();
        services.AddHostedService<JobLineSweeper>();
    }
}
