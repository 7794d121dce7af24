using Jobs.IntegrationTests.Infrastructure;
using Jobs.Worker.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jobs.IntegrationTests;

/// <summary>
/// The job_counts triggers on PostgreSQL keep the totals exact under statements that touch many jobs at
/// once, as a change by hand does, and the recount puts them right after a load with the triggers off.
/// </summary>
public sealed class JobCounts_Specs(TestServices services)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Counts_follow_bulk_inserts_updates_and_deletes()
    {
        var connectionString = await services.Postgres.CreateDatabaseAsync();
        await using (var db = new PostgresJobsDbContext(new DbContextOptionsBuilder<PostgresJobsDbContext>()
            .UseNpgsql(connectionString, o => o.MigrationsHistoryTable(PostgresJobsDbContext.MigrationsHistoryTable)).Options))
        {
            await db.Database.MigrateAsync(Ct);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO jobs (id, status, sequence, type, request_id, parameters, created_at, updated_at, attempt, errors)
                SELECT gen_random_uuid(), (ARRAY['pending','success','failed','cancelled'])[1 + i % 4], i,
                    (ARRAY['child-products','product-import','product-export','hierarchy-duplicate','price-import'])[1 + i % 5],
                    'bulk', '{{}}', now(), now(), 0, '[]'
                FROM generate_series(1, 3000) AS i;
                """, Ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE jobs SET status = 'cancelled' WHERE status = 'pending' AND sequence % 3 = 0;", Ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE jobs SET lease_expires_at = now() WHERE sequence % 2 = 0;", Ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE jobs SET type = 'price-import' WHERE type = 'child-products' AND sequence < 500;", Ct);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM jobs WHERE status = 'failed' AND sequence > 2000;", Ct);
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE jobs DISABLE TRIGGER USER;", Ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE jobs SET status = 'success' WHERE sequence % 7 = 0;", Ct);
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE jobs ENABLE TRIGGER USER;", Ct);
            await db.Database.ExecuteSqlRawAsync(JobCountTriggers.RecountSql, Ct);
        }

        var (counters, table) = await new JobsDatabase(connectionString).CountsAsync();

        Assert.Equal(table, counters);
        Assert.Equal(20, table.Count);
    }
}
