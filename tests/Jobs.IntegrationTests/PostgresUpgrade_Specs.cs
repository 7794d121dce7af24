using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Persistence;
using Jobs.Worker.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jobs.IntegrationTests;

/// <summary>The upgrade from the first release on PostgreSQL.</summary>
public sealed class PostgresUpgrade_Specs(TestServices services) : UpgradeSpecs, IAsyncLifetime
{
    string _connectionString = "";

    public async ValueTask InitializeAsync() => _connectionString = await services.Postgres.CreateDatabaseAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected override JobsDbContext Open() => new PostgresJobsDbContext(new DbContextOptionsBuilder<PostgresJobsDbContext>()
        .UseNpgsql(_connectionString, o => o.MigrationsHistoryTable(PostgresJobsDbContext.MigrationsHistoryTable))
        .Options);

    protected override string Uuid(Guid value) => value.ToString();

    protected override string Timestamp => "'2026-11-29 10:00:00+00'";
}
