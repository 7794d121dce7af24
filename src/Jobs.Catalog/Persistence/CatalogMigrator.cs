using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Catalog.Persistence;

/// <summary>
/// Brings the catalog's tables up to date as a worker starts, before its runner can start a catalog job (it is
/// registered ahead of the runner). Replicas starting together are safe (EF Core's migration lock); a database still
/// starting is retried for a while, as the jobs' own migration is.
/// </summary>
sealed partial class CatalogMigrator(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CatalogMigrator> logger) : IHostedService
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

    /// <summary>Applies the catalog's pending migrations once (also the worker's <c>migrate</c> command).</summary>
    public static async Task MigrateAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().Database.MigrateAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Migrating the catalog failed (attempt {Attempt}); retrying")]
    partial void LogMigrationFailed(Exception exception, int attempt);
}
