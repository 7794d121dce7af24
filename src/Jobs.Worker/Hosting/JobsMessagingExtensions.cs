using Jobs.Contracts;
using Jobs.Worker.Options;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
using JobStateMachine = Jobs.Worker.StateMachines.JobStateMachine;
using MassTransit;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The MassTransit side of Jobs: what runs on the bus and on which queues.</summary>
public static class JobsMessagingExtensions
{
    /// <summary>
    /// Adds the worker's consumers (the job saga and the runner's wake-up consumer) and the request clients
    /// the API uses. Call inside <c>AddMassTransit</c> or <c>AddMassTransitTestHarness</c>, then configure
    /// the endpoints with <see cref="ConfigureJobsEndpoints"/>, and add <see cref="AddJobsMediator"/>.
    /// </summary>
    public static void AddJobsWorkerBus(this IBusRegistrationConfigurator x)
    {
        x.TryAddSingleton(TimeProvider.System);
        x.AddScoped<RecordSubmissionActivity>();
        x.AddScoped<LineGuardActivity>();
        x.AddSagaStateMachine<JobStateMachine, JobState, JobStateDefinition>()
            .DbContextRepository<JobState, Jobs.Worker.Persistence.JobsDbContext>();
        x.AddConsumer<RunJobsConsumer>();
        x.AddJobsClientBus();
    }

    /// <summary>
    /// The same job saga behind MassTransit's mediator, for the runner: its start, completion, heartbeat and
    /// requeue requests go to the saga in-process, with no broker between one job and the next, yet through
    /// the same state machine, repository and row locks as every other command.
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsMediator(this IServiceCollection services)
    {
        services.AddMediator(x => x.AddSagaStateMachine<JobStateMachine, JobState, JobStateDefinition>()
            .DbContextRepository<JobState, Jobs.Worker.Persistence.JobsDbContext>());
        return services;
    }

    /// <summary>Adds the request clients that submit and cancel jobs (all the API needs when the worker runs elsewhere).</summary>
    public static void AddJobsClientBus(this IBusRegistrationConfigurator x)
    {
        x.AddRequestClient<SubmitJob>(JobEndpoints.JobStateAddress);
        x.AddRequestClient<CancelJob>(JobEndpoints.JobStateAddress);
    }

    /// <summary>
    /// Declares the worker's queues: the saga on <c>job-state</c> (bound to the exchanges of the commands it
    /// takes) and the runner's <c>job-runner</c> queue with a single active consumer (unless the runner is
    /// paused). Does nothing for an API that does not host the worker.
    /// </summary>
    public static void ConfigureJobsEndpoints(this IBusFactoryConfigurator cfg, IBusRegistrationContext context, bool hostWorker = true)
    {
        if (!hostWorker)
            return;

        cfg.ReceiveEndpoint(JobEndpoints.JobState, e => e.ConfigureSaga<JobState>(context));
        // A paused runner must not hold the single active consumer, or the wake-ups would go nowhere.
        if (!context.GetRequiredService<IOptions<JobRunnerOptions>>().Value.Enabled)
            return;

        cfg.ReceiveEndpoint(JobEndpoints.JobRunner, e =>
        {
            e.ConfigureConsumeTopology = false;
            e.PrefetchCount = 1;
            e.ConcurrentMessageLimit = 1;
            if (e is IRabbitMqReceiveEndpointConfigurator rabbit)
                rabbit.SingleActiveConsumer = true;
            e.ConfigureConsumer<RunJobsConsumer>(context);
        });
    }

    /// <summary>
    /// Registers MassTransit on the configured transport (<c>Jobs:Transport</c>; RabbitMQ at
    /// <c>ConnectionStrings:RabbitMq</c>), with the worker's consumers when <paramref name="hostWorker"/>.
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsMessaging(this IServiceCollection services, IConfiguration configuration, bool hostWorker)
    {
        var options = configuration.GetJobsOptions();
        if (hostWorker)
            services.AddJobsMediator();
        services.AddMassTransit(x =>
        {
            if (hostWorker)
                x.AddJobsWorkerBus();
            else
                x.AddJobsClientBus();

            if (options.Transport == JobsTransport.RabbitMq)
            {
                var uri = configuration.GetConnectionString("RabbitMq");
                if (string.IsNullOrWhiteSpace(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var hostAddress))
                    throw new InvalidOperationException("Jobs:Transport is RabbitMq, so ConnectionStrings:RabbitMq must hold an amqp:// URI.");
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(hostAddress);
                    cfg.ConfigureJobsEndpoints(context, hostWorker);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureJobsEndpoints(context, hostWorker));
            }
        });
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromMinutes(1);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }
}
