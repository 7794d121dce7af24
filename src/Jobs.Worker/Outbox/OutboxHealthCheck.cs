using Jobs.Worker.Options;
using Jobs.Worker.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Outbox;

/// <summary>
/// What an operator sees when delivery lags: how many messages wait in the outbox and how old the oldest is
/// (<c>backlog</c>, <c>oldest_age_seconds</c>), and <c>degraded</c> once that age passes <c>Jobs:Outbox:LagWarning</c>.
/// The broker being away shows here first; the messages are kept and sent once it is back.
/// </summary>
sealed class OutboxHealthCheck(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        // Both figures in one round trip: a probe runs every few seconds.
        var backlog = await db.OutboxMessages
            .GroupBy(_ => true)
            .Select(g => new { Count = g.Count(), Oldest = g.Min(x => x.RecordedAt) })
            .SingleOrDefaultAsync(cancellationToken);
        var age = backlog is null ? TimeSpan.Zero : clock.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(backlog.Oldest, DateTimeKind.Utc);
        if (age < TimeSpan.Zero)
            age = TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["backlog"] = backlog?.Count ?? 0,
            ["oldest_age_seconds"] = Math.Round(age.TotalSeconds, 3),
        };
        return age > options.Value.LagWarning
            ? HealthCheckResult.Degraded(data: data)
            : HealthCheckResult.Healthy(data: data);
    }
}
