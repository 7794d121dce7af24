using MassTransit;
using MassTransit.Contracts.JobService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Bench.Peers.MassTransit;

/// <summary>
/// One bus on MassTransit's in-memory transport, in a service provider of its own, hosting the whole job service:
/// the job, job attempt and job type sagas on MassTransit's in-memory saga repositories, the no-op job consumer, and
/// the <see cref="JobEventRecorder"/>. Each workload gets a fresh one, so that neither sees the other's jobs.
/// </summary>
sealed class JobServiceBus : IAsyncDisposable
{
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    readonly ServiceProvider _provider;
    readonly IBusControl _bus;

    JobServiceBus(ServiceProvider provider, IBusControl bus, JobTimeline timeline)
    {
        _provider = provider;
        _bus = bus;
        Timeline = timeline;
        SubmitClient = bus.CreateRequestClient<SubmitJob<NoOpJob>>();
        StateClient = bus.CreateRequestClient<GetJobState>();
    }

    public JobTimeline Timeline { get; }

    /// <summary>Submits through the job consumer's endpoint and waits for its JobSubmissionAccepted.</summary>
    public IRequestClient<SubmitJob<NoOpJob>> SubmitClient { get; }

    /// <summary>Asks the job saga what state a job is in.</summary>
    public IRequestClient<GetJobState> StateClient { get; }

    /// <param name="globalJobLimit">
    /// The job type's limit across all instances, or null for none: 0 keeps every job waiting for a slot.
    /// </param>
    public static async Task<JobServiceBus> StartAsync(JobConsumersVariant variant, int? globalJobLimit)
    {
        var timeline = new JobTimeline();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(timeline);
        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            // The default already, but said so: the benchmark compares against MassTransit's shipped repositories.
            x.SetInMemorySagaRepositoryProvider();
            x.AddDelayedMessageScheduler();
            x.SetJobConsumerOptions(variant.ConfigureConsumers);
            x.AddJobSagaStateMachines(variant.ConfigureSagas);
            x.AddConsumer<NoOpJobConsumer>(c => c.Options<JobOptions<NoOpJob>>(o => variant.ConfigureJob(o, globalJobLimit)));
            x.AddConsumer<JobEventRecorder>();
            x.UsingInMemory((context, cfg) =>
            {
                // The sagas schedule their slot waits and status checks; the in-memory transport delays natively.
                cfg.UseDelayedMessageScheduler();
                cfg.ConfigureEndpoints(context);
            });
        });

        var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync();
        return new JobServiceBus(provider, bus, timeline);
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(StopTimeout))
            await _bus.StopAsync(stopping.Token);
        await _provider.DisposeAsync();
    }
}
