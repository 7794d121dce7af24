using Jobs.Worker.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Tests.Persistence;

public sealed class SqliteUpgrade_Specs : UpgradeSpecs, IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("jobs-upgrade-").FullName;

    protected override JobsDbContext Open() => new SqliteJobsDbContext(new DbContextOptionsBuilder<SqliteJobsDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_directory, "jobs.db")}", o => o.MigrationsHistoryTable(SqliteJobsDbContext.MigrationsHistoryTable))
        .Options);

    // EF Core keeps UUIDs in SQLite as upper-case text.
    protected override string Uuid(Guid value) => value.ToString().ToUpperInvariant();

    protected override string Timestamp => "'2026-11-29 10:00:00'";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
