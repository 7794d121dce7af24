using Jobs.Catalog.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Persistence;

/// <summary>
/// Brings the database schema up to date before the worker starts consuming: the jobs' tables, and the catalog's when
/// the process has the catalog (it is registered before the runner, which then finds them ready). Several replicas may start
/// at once: EF Core takes a migration lock, so they apply each migration once. The database may still be
/// starting (docker-compose), so failures are retried for a while before the worker gives up.
/// </summary>
sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DatabaseMigrator> logger) : IHostedService
{
    static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await MigrateAsync(scopes, cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && clock.GetElapsedTime(started) < GiveUpAfter)
            {
                LogMigrationFailed(ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), clock, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies pending migrations once (also the worker's <c>migrate</c> command).</summary>
    public static async Task MigrateAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        // The catalog keeps migrations of its own (their own history table) in the same database.
        if (scope.ServiceProvider.GetService<IDbContextFactory<CatalogDbContext>>() is { } catalog)
        {
            await using var catalogDb = await catalog.CreateDbContextAsync(cancellationToken);
            await catalogDb.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets the API read while the worker writes; the setting stays with the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Migrating the jobs database failed (attempt {Attempt}); retrying")]
    partial void LogMigrationFailed(Exception exception, int attempt);
}
