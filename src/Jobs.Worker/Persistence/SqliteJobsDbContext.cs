using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Jobs.Worker.Persistence;

/// <summary>The jobs database in a SQLite file (embedded mode and fast tests).</summary>
public sealed class SqliteJobsDbContext(DbContextOptions<SqliteJobsDbContext> options) : JobsDbContext(options)
{
    public const string MigrationsHistoryTable = "__jobs_migrations";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => ReadTimestampsAsUtc(configurationBuilder);

    /// <summary>
    /// SQLite keeps no time zone: every timestamp written is UTC, so read them back as UTC. Any model of these
    /// tables on SQLite needs it (the API's read model too).
    /// </summary>
    public static void ReadTimestampsAsUtc(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a database file.</summary>
sealed class SqliteJobsDbContextDesignFactory : IDesignTimeDbContextFactory<SqliteJobsDbContext>
{
    public SqliteJobsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteJobsDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(SqliteJobsDbContext.MigrationsHistoryTable))
            .Options);
}
