using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Hosting;
using Jobs.Worker.Running;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace Jobs.Tests.Telemetry;

/// <summary>
/// A run whose lease runs out is counted by the worker that recovers its job, with what became of it, and the job's
/// next start is counted as a retry. A worker that records a start and dies leaves a job whose lease nobody renews; a
/// second worker, on the same database and clock, finds it when the lease has run out (as in JobRunner_Specs).
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsLeases_Specs : IDisposable
{
    const string Type = "job.type";
    const string Recovery = "job.recovery";

    /// <summary>The sweep interval: sweeps come at whole minutes after the worker starts.</summary>
    static readonly TimeSpan Sweep = TimeSpan.FromMinutes(1);

    /// <summary>A whole number of sweeps, so that the dead run's lease runs out on a sweep.</summary>
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
    readonly MetricsReader _metrics = new();
    readonly string _directory = Directory.CreateTempSubdirectory("jobs-tests-").FullName;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_lease_that_ran_out_is_counted_with_its_job_put_back_and_the_jobs_next_start_is_a_retry()
    {
        var abandoned = await AbandonAsync();
        await using var host = await StartWorkerAsync(maxAttempts: 3);
        await WaitUntilParkedAsync(host);

        _clock.Advance(Lease);

        await host.WaitForStatusAsync(abandoned, JobStatuses.Success);
        await Eventually.HoldsAsync(() => _metrics.Collect(host.Services).Count("jobs.finished") == 1, Patience, () => "the job to be counted as finished");
        var metrics = _metrics.Collect(host.Services);
        Assert.Equal(1, metrics.Count("jobs.lease.expired", (Type, JobTypes.ProductExport), (Recovery, "put_back")));
        Assert.Equal(1, metrics.Count("jobs.lease.expired"));
        Assert.Equal(1, metrics.Count("jobs.retried", (Type, JobTypes.ProductExport)));
        // The start this worker made, the second; the dead worker's first was not listened to.
        Assert.Equal(1, metrics.Count("jobs.started", (Type, JobTypes.ProductExport)));
        // Created as the clock started, started again when the lease ran out.
        Assert.Equal((1, Lease.TotalSeconds), metrics.Histogram("jobs.wait.duration", (Type, JobTypes.ProductExport)));
    }

    [Fact]
    public async Task A_lease_that_ran_out_on_the_last_attempt_is_counted_with_its_job_failed()
    {
        var abandoned = await AbandonAsync();
        await using var host = await StartWorkerAsync(maxAttempts: 1);
        await WaitUntilParkedAsync(host);

        _clock.Advance(Lease);

        await host.WaitForStatusAsync(abandoned, JobStatuses.Failed);
        await Eventually.HoldsAsync(() => _metrics.Collect(host.Services).Count("jobs.lease.expired") == 1, Patience,
            () => "the lease to be counted as expired");
        var metrics = _metrics.Collect(host.Services);
        Assert.Equal(1, metrics.Count("jobs.lease.expired", (Type, JobTypes.ProductExport), (Recovery, "failed")));
        Assert.Equal(1, metrics.Count("jobs.finished", (Type, JobTypes.ProductExport), ("job.status", JobStatuses.Failed)));
        Assert.Equal(0, metrics.Count("jobs.retried"));
        // Its only run, from the dead worker's start to the failure.
        Assert.Equal((1, Lease.TotalSeconds), metrics.Histogram("jobs.run.duration", (Type, JobTypes.ProductExport)));
    }

    /// <summary>
    /// Waits until the worker, as it starts, has found the line's head held by the live lease and parked the line until
    /// the lease's end, and until the sweeps come at whole minutes from then. The line is then claimed again only once
    /// the lease has run out, by a claim that lasts a lease from then: a claim taken before the clock jumps a whole lease
    /// would run out with it, and a second slot could recover the same run.
    /// </summary>
    async Task WaitUntilParkedAsync(JobsTestHost host)
    {
        var expiry = _clock.Start.UtcDateTime + Lease;
        await Eventually.HoldsAsync(async () => await host.FindLineAsync() is { ClaimId: null } line && line.ClaimExpiresAt == expiry,
            Patience, () => "the line to be parked until the lease's end");
        await _clock.TimerSetAsync(Sweep);
    }

    /// <summary>
    /// A job started at the clock's start under a lease of <see cref="Lease"/> by a runner that dies at once: nobody renews
    /// the lease. The worker that records it has no runner of its own, and is gone before the next one starts.
    /// </summary>
    async Task<Guid> AbandonAsync()
    {
        var abandoned = Guid.NewGuid();
        await using var deadRunner = await JobsTestHost.StartAsync(runner: false, databaseDirectory: _directory, clock: _clock);
        await deadRunner.SubmitAsync(abandoned);
        await deadRunner.RunnerClient<StartJob>().GetResponse<JobStarted>(new StartJob(abandoned, Guid.NewGuid(), Lease), Ct);
        return abandoned;
    }

    /// <summary>A worker with a runner on the same database and clock, its metrics read through the in-memory exporter.</summary>
    Task<JobsTestHost> StartWorkerAsync(int maxAttempts) =>
        JobsTestHost.StartAsync(databaseDirectory: _directory, clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Jobs:Runner:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Jobs:Runner:LeaseDuration"] = Lease.ToString(),
            ["Jobs:Runner:SweepInterval"] = Sweep.ToString(),
        }, services: services =>
        {
            foreach (var jobType in JobTypes.All)
                services.AddScriptedHandler(jobType);
            services.AddOpenTelemetry().WithMetrics(m => m.AddJobsInstrumentation());
            _metrics.AddTo(services);
        });

    /// <summary>Runs after the spec, once its workers have stopped.</summary>
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
