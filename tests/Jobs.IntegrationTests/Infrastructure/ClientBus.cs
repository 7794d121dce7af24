using Jobs.Worker.Running;
using MassTransit;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>Another service on the broker: publishes SubmitJob and asks for cancellations, knowing only the contracts.</summary>
public sealed class ClientBus : IAsyncDisposable
{
    readonly IBusControl _bus;

    ClientBus(IBusControl bus) => _bus = bus;

    public IBus Bus => _bus;

    public static async Task<ClientBus> StartAsync(string rabbitMqUri)
    {
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(rabbitMqUri)));
        await bus.StartAsync(TestContext.Current.CancellationToken);
        return new ClientBus(bus);
    }

    public IRequestClient<T> Client<T>()
        where T : class =>
        _bus.CreateRequestClient<T>(new Uri($"queue:{JobEndpoints.JobState}"), RequestTimeout.After(s: 30));

    public async ValueTask DisposeAsync() => await _bus.StopAsync(CancellationToken.None);
}
