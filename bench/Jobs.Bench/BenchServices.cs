using Jobs.LocalServers;

namespace Jobs.Bench;

/// <summary>
/// The RabbitMQ and PostgreSQL every system is measured on: private servers started from this machine's
/// binaries on free loopback ports (as the integration tests start them), or the ones named by
/// <c>JOBS_TEST_RABBITMQ</c> and <c>JOBS_TEST_POSTGRES</c>. Each workload gets a fresh virtual host and database.
/// </summary>
sealed class BenchServices : IAsyncDisposable
{
    BenchServices(RabbitMqServer rabbitMq, PostgresServer postgres)
    {
        RabbitMq = rabbitMq;
        Postgres = postgres;
    }

    public RabbitMqServer RabbitMq { get; }

    public PostgresServer Postgres { get; }

    public static async Task<BenchServices> StartAsync()
    {
        var rabbitMq = RabbitMqServer.StartAsync();
        var postgres = PostgresServer.StartAsync();
        return new BenchServices(await rabbitMq, await postgres);
    }

    /// <summary>A fresh virtual host and database, as the configuration a Jobs worker or API reads.</summary>
    public async Task<Dictionary<string, string?>> NewEnvironmentAsync() => new()
    {
        ["Jobs:Transport"] = "RabbitMq",
        ["Jobs:Database"] = "Postgres",
        ["ConnectionStrings:RabbitMq"] = (await RabbitMq.CreateVirtualHostAsync()).ToString(),
        ["ConnectionStrings:Jobs"] = await Postgres.CreateDatabaseAsync(),
    };

    public async ValueTask DisposeAsync()
    {
        await RabbitMq.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
