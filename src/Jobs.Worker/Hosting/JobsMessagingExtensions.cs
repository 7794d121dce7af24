using Jobs.Contracts;
using Jobs.Worker.Options;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using Jobs.Worker.SagaRepository;
using Jobs.Worker.StateMachines;
using MassTransit;
using JobStateMachine = Jobs.Worker.StateMachines.JobStateMachine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Hosting;

/// <summary>
/// How MassTransit is added to a service collection: <c>AddMassTransit</c> in production, or a test harness's
/// equivalent (<c>AddMassTransitTestHarness</c>), so that tests run the same composition as production.
/// </summary>
public delegate void AddBus(IServiceCollection services, Action<IBusRegistrationConfigurator> configure);

/// <summary>The MassTransit side of Jobs: what runs on the bus and on which queues.</summary>
public static class JobsMessagingExtensions
{
    /// <summary>
    /// Registers MassTransit on the configured transport (<c>Jobs:Transport</c>; RabbitMQ at
    /// <c>ConnectionStrings:RabbitMq</c>): with <paramref name="hostWorker"/>, the job saga on <c>job-state</c>,
    /// the runner's wake-ups on <c>job-runner</c> and the saga behind the mediator for the runner; otherwise
    /// only the request clients that submit and cancel jobs (all the API needs when the worker runs elsewhere).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration to read.</param>
    /// <param name="hostWorker">True in a worker, or in the API in embedded mode.</param>
    /// <param name="addBus">How MassTransit is added; <c>AddMassTransit</c> unless a test harness stands in.</param>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsMessaging(this IServiceCollection services, IConfiguration configuration, bool hostWorker, AddBus? addBus = null)
    {
        var options = configuration.GetJobsOptions();
        if (hostWorker)
            services.AddJobsMediator();
        (addBus ?? ((s, configure) => s.AddMassTransit(configure)))(services, x =>
        {
            if (hostWorker)
                AddWorkerConsumers(x);
            x.AddRequestClient<SubmitJob>(JobEndpoints.JobStateAddress);
            x.AddRequestClient<CancelJob>(JobEndpoints.JobStateAddress);

            if (options.Transport == JobsTransport.RabbitMq)
            {
                var uri = configuration.GetConnectionString("RabbitMq");
                if (string.IsNullOrWhiteSpace(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var hostAddress))
                    throw new InvalidOperationException("Jobs:Transport is RabbitMq, so ConnectionStrings:RabbitMq must hold an amqp:// URI.");
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(hostAddress);
                    ConfigureEndpoints(cfg, context, hostWorker);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => ConfigureEndpoints(cfg, context, hostWorker));
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

    /// <summary>
    /// The same job saga behind MassTransit's mediator, for the runner: its start, completion, heartbeat and
    /// put-back requests go to the saga in-process, with no broker between one job and the next, yet through
    /// the same state machine, repository and row locks as every other command.
    /// </summary>
    static void AddJobsMediator(this IServiceCollection services)
    {
        AddSagaServices(services);
        services.AddMediator(x => x.AddSagaStateMachine<JobStateMachine, JobState, JobStateDefinition>()
            .DbContextRepository<JobState, JobsDbContext>());
    }

    /// <summary>The job saga and the runner's wake-up consumer.</summary>
    static void AddWorkerConsumers(IBusRegistrationConfigurator x)
    {
        x.AddSagaStateMachine<JobStateMachine, JobState, JobStateDefinition>()
            .DbContextRepository<JobState, JobsDbContext>();
        x.AddConsumer<RunJobsConsumer>();
    }

    /// <summary>What the saga's activities need from the message's scope.</summary>
    static void AddSagaServices(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<RecordSubmissionActivity>();
        services.TryAddScoped<LineGuardActivity>();
        services.TryAddScoped<EarlyCancellations>();
        services.AddOptions<CancelOptions>()
            .BindConfiguration(CancelOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }

    /// <summary>
    /// Declares the worker's queues: the saga on <c>job-state</c> (bound to the exchanges of the commands it takes;
    /// the runner's own messages are refused there) and, unless the runner is paused, a temporary queue of this
    /// worker's for the runners' wake-ups. Does nothing for an API that does not host the worker.
    /// </summary>
    static void ConfigureEndpoints(IBusFactoryConfigurator cfg, IBusRegistrationContext context, bool hostWorker)
    {
        if (!hostWorker)
            return;

        cfg.ReceiveEndpoint(JobEndpoints.JobState, e =>
        {
            e.UseConsumeFilter(typeof(InProcessOnlyFilter<>), context);
            e.ConfigureSaga<JobState>(context);
        });
        if (!context.GetRequiredService<IOptions<JobRunnerOptions>>().Value.Enabled)
            return;

        cfg.ReceiveEndpoint(new TemporaryEndpointDefinition(JobEndpoints.RunnerWakeUps), e => e.ConfigureConsumer<RunJobsConsumer>(context));
    }
}
