using Jobs.LocalServers;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// One RabbitMQ node and one PostgreSQL cluster for the whole test run, started by the tests themselves and
/// stopped at the end. Tests take a fresh virtual host and a fresh database each, so they never see each
/// other's queues or jobs.
/// </summary>
public sealed class TestServices : IAsyncLifetime
{
    public static readonly TimeSpan ConsumerTimeout = TimeSpan.FromSeconds(15);

    public RabbitMqServer RabbitMq { get; private set; } = null!;

    public PostgresServer Postgres { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // A short acknowledgement timeout, so that the long-job test can show that no delivery is held while a
        // job runs (RabbitMQ's default is 30 minutes).
        var rabbit = RabbitMqServer.StartAsync([$"consumer_timeout = {ConsumerTimeout.TotalMilliseconds}"]);
        var postgres = PostgresServer.StartAsync();
        RabbitMq = await rabbit;
        Postgres = await postgres;
    }

    public async ValueTask DisposeAsync()
    {
        await RabbitMq.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>A fresh virtual host and database, as the configuration a worker or an API reads.</summary>
    public async Task<Dictionary<string, string?>> NewEnvironmentAsync() => new()
    {
        ["Jobs:Transport"] = "RabbitMq",
        ["Jobs:Database"] = "Postgres",
        ["ConnectionStrings:RabbitMq"] = (await RabbitMq.CreateVirtualHostAsync()).ToString(),
        ["ConnectionStrings:Jobs"] = await Postgres.CreateDatabaseAsync(),
    };
}
