using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Jobs.Catalog.Persistence;

/// <summary>The catalog in the SQLite file of embedded mode and the fast tests.</summary>
public sealed class SqliteCatalogDbContext(DbContextOptions<SqliteCatalogDbContext> options) : CatalogDbContext(options)
{
    public const string MigrationsHistoryTable = "__catalog_migrations";

    /// <summary>SQLite keeps no time zone: every timestamp written is UTC, so it is read back as UTC.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a database file.</summary>
sealed class SqliteCatalogDbContextDesignFactory : IDesignTimeDbContextFactory<SqliteCatalogDbContext>
{
    public SqliteCatalogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCatalogDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(SqliteCatalogDbContext.MigrationsHistoryTable))
            .Options);
}
