using Microsoft.EntityFrameworkCore;

namespace Jobs.Tests.SagaRepository;

public sealed class SqliteSagaRepository_Specs : SagaRepositorySpecs, IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("jobs-saga-").FullName;

    protected override void UseDatabase(DbContextOptionsBuilder options) =>
        options.UseSqlite($"Data Source={Path.Combine(_directory, "counters.db")}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
