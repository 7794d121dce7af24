using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Jobs.Worker.Persistence;

/// <summary>The jobs database on PostgreSQL (production mode).</summary>
public sealed class PostgresJobsDbContext(DbContextOptions<PostgresJobsDbContext> options) : JobsDbContext(options)
{
    public const string MigrationsHistoryTable = "__jobs_migrations";
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running server.</summary>
sealed class PostgresJobsDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresJobsDbContext>
{
    public PostgresJobsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresJobsDbContext>()
            .UseNpgsql("Host=127.0.0.1", o => o.MigrationsHistoryTable(PostgresJobsDbContext.MigrationsHistoryTable))
            .Options);
}
