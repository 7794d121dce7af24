using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jobs.Worker.Hosting;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (the database answers and the bus is
/// connected; in a worker, also how far the outbox's delivery lags), for the API and the worker alike. Answers say
/// up, degraded or down per check, with the figures of the checks made to show them, never why: the reason is logged,
/// not shown.
/// </summary>
public static partial class JobsHealthChecks
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    internal const string Ready = "ready";

    /// <summary>The tag of the checks whose data are figures fit to show (counts, ages); any other check's data stay in the logs.</summary>
    internal const string ShowsFigures = "figures";

    /// <summary>
    /// Registers the database check over <typeparamref name="TContext"/> (whichever DbContext the process reads the
    /// jobs database with); MassTransit registers its bus check (tagged <c>ready</c>) itself.
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsHealthChecks<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>("database", tags: [Ready]);
        return services;
    }

    /// <summary>Maps <c>/health/live</c> and <c>/health/ready</c>; each answers JSON with every check's status.</summary>
    /// <returns>The same builder, so that calls can be chained.</returns>
    public static IEndpointRouteBuilder MapJobsHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = Word(report.Status),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Data.Count == 0 || !e.Value.Tags.Contains(ShowsFigures)
                ? (object)new { status = Word(e.Value.Status) }
                : new { status = Word(e.Value.Status), data = e.Value.Data }),
        }));
    }

    static string Word(HealthStatus status) => status.ToString().ToLowerInvariant();

    sealed partial class DatabaseHealthCheck<TContext>(IServiceScopeFactory scopes, ILogger<DatabaseHealthCheck<TContext>> logger) : IHealthCheck
        where TContext : DbContext
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            try
            {
                return await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy();
            }
            catch (Exception ex)
            {
                LogUnreachable(ex);
                return HealthCheckResult.Unhealthy();
            }
        }

        [LoggerMessage(LogLevel.Warning, "The jobs database does not answer")]
        partial void LogUnreachable(Exception exception);
    }
}
