using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jobs.Handlers;

/// <summary>Hosts an <see cref="IJobHandler"/> in a service of its own, on MassTransit.</summary>
public static class JobHandlerConsumerExtensions
{
    /// <summary>
    /// Runs <typeparamref name="THandler"/> for the <c>RunJob</c>s Jobs sends to <paramref name="queue"/>, the queue
    /// Jobs is configured with for the handler's type (<c>Jobs:Handlers:&lt;type&gt;:Queue</c>). The endpoint is
    /// created by <c>ConfigureEndpoints</c>.
    /// </summary>
    /// <param name="configurator">The bus registration, inside <c>AddMassTransit</c>.</param>
    /// <param name="queue">The queue to take <c>RunJob</c> from.</param>
    /// <returns>The consumer's registration, for further configuration.</returns>
    public static IConsumerRegistrationConfigurator<JobHandlerConsumer<THandler>> AddJobHandlerConsumer<THandler>(
        this IBusRegistrationConfigurator configurator, string queue)
        where THandler : class, IJobHandler
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        configurator.TryAddSingleton(TimeProvider.System);
        configurator.TryAddSingleton<THandler>();
        configurator.TryAddSingleton<RemoteJobRuns>();
        configurator.AddHostedService(s => s.GetRequiredService<RemoteJobRuns>());
        var registration = configurator.AddConsumer<JobHandlerConsumer<THandler>>();
        registration.Endpoint(e => e.Name = queue);
        return registration;
    }
}
