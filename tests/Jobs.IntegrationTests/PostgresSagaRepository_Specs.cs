using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.SagaRepository;
using Microsoft.EntityFrameworkCore;

namespace Jobs.IntegrationTests;

/// <summary>The saga repository's contract on PostgreSQL, where row locks (FOR UPDATE) do the serializing.</summary>
public sealed class PostgresSagaRepository_Specs(TestServices services) : SagaRepositorySpecs, IAsyncLifetime
{
    string _connectionString = "";

    public async ValueTask InitializeAsync() => _connectionString = await services.Postgres.CreateDatabaseAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected override void UseDatabase(DbContextOptionsBuilder options) => options.UseNpgsql(_connectionString);
}
