using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Jobs.Catalog.Persistence;

/// <summary>The catalog on PostgreSQL (production mode).</summary>
public sealed class PostgresCatalogDbContext(DbContextOptions<PostgresCatalogDbContext> options) : CatalogDbContext(options)
{
    public const string MigrationsHistoryTable = "__catalog_migrations";
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running server.</summary>
sealed class PostgresCatalogDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresCatalogDbContext>
{
    public PostgresCatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCatalogDbContext>()
            .UseNpgsql("Host=127.0.0.1", o => o.MigrationsHistoryTable(PostgresCatalogDbContext.MigrationsHistoryTable))
            .Options);
}
