using System.Diagnostics.Metrics;
using Jobs.Contracts;
using Jobs.Worker.Options;
using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Telemetry;

/// <summary>
/// What waits, read from the database for the gauges of <see cref="JobsMetrics"/> each time a reader collects them (a
/// Prometheus scrape, an OTLP export), and never otherwise: pending jobs and how long the oldest has waited, over all
/// stores and for at most <c>Jobs:Telemetry:MaxStoresPerGauge</c> stores, and the outbox's backlog. These are the
/// database's figures, not this process's, so every worker reports the same ones. A gauge's callback runs on the
/// reader's thread and holds the collection up until it returns, so each reads little: the per-store counts that
/// triggers keep in <c>job_counts</c>, one index lookup per store with work for the head of its line, and the outbox
/// (empty, or nearly, while the broker is up).
/// </summary>
sealed partial class JobsBacklog(IServiceScopeFactory scopes, IOptions<TelemetryOptions> options, TimeProvider clock, ILogger<JobsBacklog> logger)
{
    /// <summary>A database that does not answer costs a collection at most this, per gauge, not a hung scrape.</summary>
    static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Pending jobs: over all stores, and in each of the stores with the most.</summary>
    public IEnumerable<Measurement<long>> PendingJobs() => Read("jobs.line.pending", db =>
    {
        // A count is the sum of its stripes, one of which may be negative on its own (see JobCount).
        var pending = db.Counts.Where(c => c.Status == JobStatuses.Pending);
        var stores = pending
            .GroupBy(c => c.StoreId)
            .Select(g => new { StoreId = g.Key, Count = g.Sum(c => c.Count) })
            .Where(x => x.Count > 0)
            .OrderByDescending(x => x.Count).ThenBy(x => x.StoreId)
            .Take(options.Value.MaxStoresPerGauge)
            .ToList();
        var total = pending.Sum(c => (long?)c.Count) ?? 0;
        return stores.Select(s => new Measurement<long>(s.Count, Store(s.StoreId))).Prepend(new Measurement<long>(total));
    });

    /// <summary>
    /// How long the oldest pending job has waited since it was created: over all stores (0 when none is pending), and in
    /// each of the stores where it has waited longest. A store's oldest pending job is the first pending one in its line.
    /// </summary>
    public IEnumerable<Measurement<double>> OldestPendingAge() => Read("jobs.line.oldest_age", db =>
    {
        var heads = db.Set<StoreLine>()
            .Where(l => l.HasWork)
            .Select(l => new
            {
                l.StoreId,
                CreatedAt = db.Jobs
                    .Where(j => j.StoreId == l.StoreId && j.CurrentState == StatusNames.PendingState)
                    .OrderBy(j => j.CreatedAt)
                    .Select(j => (DateTime?)j.CreatedAt)
                    .FirstOrDefault(),
            })
            .Where(x => x.CreatedAt != null)
            .OrderBy(x => x.CreatedAt).ThenBy(x => x.StoreId)
            .Take(options.Value.MaxStoresPerGauge)
            .ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var oldest = heads.Count == 0 ? 0 : Age(heads[0].CreatedAt!.Value, now);
        return heads.Select(h => new Measurement<double>(Age(h.CreatedAt!.Value, now), Store(h.StoreId))).Prepend(new Measurement<double>(oldest));
    });

    /// <summary>Messages waiting in the outbox (the <c>outbox</c> health check's <c>backlog</c>).</summary>
    public IEnumerable<Measurement<long>> OutboxBacklog() => Read<long>("jobs.outbox.backlog", db => [new Measurement<long>(db.OutboxMessages.LongCount())]);

    /// <summary>How long the oldest message in the outbox has waited (its <c>oldest_age_seconds</c>); 0 when it is empty.</summary>
    public IEnumerable<Measurement<double>> OldestOutboxAge() => Read<double>("jobs.outbox.oldest_age", db =>
    {
        var oldest = db.OutboxMessages.Min(m => (DateTime?)m.RecordedAt);
        return [new Measurement<double>(oldest is { } recordedAt ? Age(recordedAt, clock.GetUtcNow().UtcDateTime) : 0)];
    });

    /// <summary>
    /// One gauge's figures, read in a scope of its own. A failure is logged and the gauge reports nothing this time,
    /// rather than the exception ending the collection of every instrument after it.
    /// </summary>
    IEnumerable<Measurement<T>> Read<T>(string gauge, Func<JobsDbContext, IEnumerable<Measurement<T>>> read)
        where T : struct
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            db.Database.SetCommandTimeout(QueryTimeout);
            return [.. read(db)];
        }
        catch (ObjectDisposedException)
        {
            // The process is stopping: a reader's last export on the way out comes after the services are gone.
            return [];
        }
        catch (Exception ex)
        {
            LogReadFailed(ex, gauge);
            return [];
        }
    }

    static KeyValuePair<string, object?> Store(string storeId) => new(JobsMetrics.StoreTag, storeId);

    static double Age(DateTime since, DateTime now) => Math.Max(0, (now - since).TotalSeconds);

    [LoggerMessage(LogLevel.Warning, "Reading the figures of the gauge {Gauge} failed; it reports nothing this time")]
    partial void LogReadFailed(Exception exception, string gauge);
}
