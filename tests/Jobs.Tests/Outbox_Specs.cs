using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jobs.Tests;

/// <summary>
/// Nothing committed is left unsent: the saga's events wait in the outbox, with the change they announce, until the
/// bus has taken them, and a job's events go out in the order of its changes. Before the outbox, an event whose
/// publish failed after the commit was lost for good: the change had committed, so no retry would make it again.
/// </summary>
public sealed class Outbox_Specs
{
    readonly PublishRefusals _refusals = new();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    Task<JobsTestHost> StartAsync(TimeProvider? clock = null, bool runner = true) => JobsTestHost.StartAsync(runner: runner, clock: clock, services: services =>
    {
        foreach (var jobType in JobTypes.All)
            services.AddScriptedHandler(jobType);
        services.AddPublishObserver(_ => _refusals);
    });

    [Fact]
    public async Task An_event_whose_publish_fails_after_the_commit_is_sent_again_with_the_same_message_id()
    {
        await using var host = await StartAsync();
        _refusals.RefuseNext<JobSucceeded>();
        var jobId = Guid.NewGuid();

        await host.SubmitAsync(jobId);
        await host.WaitForStatusAsync(jobId, JobStatuses.Success);

        await Eventually.HoldsAsync(() => _refusals.Sent.Any(x => x.Type == typeof(JobSucceeded) && x.JobId == jobId),
            TimeSpan.FromSeconds(30), () => "the refused JobSucceeded to be sent again");
        var refused = Assert.Single(_refusals.Refused);
        var sent = Assert.Single(_refusals.Sent, x => x.Type == typeof(JobSucceeded) && x.JobId == jobId);
        Assert.Equal(refused, sent.MessageId);
        // The pass that sent it removes it as it commits, just after the broker's confirm.
        await Eventually.HoldsAsync(async () => (await OutboxAsync(host)).Count == 0, TimeSpan.FromSeconds(30), () => "the outbox to be emptied");
    }

    [Fact]
    public async Task A_jobs_events_go_out_in_the_order_of_its_changes_even_when_an_earlier_one_is_held_up()
    {
        await using var host = await StartAsync();
        _refusals.RefuseAll<JobStarted>();
        var jobId = Guid.NewGuid();

        await host.SubmitAsync(jobId);
        await host.WaitForStatusAsync(jobId, JobStatuses.Success);
        // Both the refused JobStarted and the JobSucceeded behind it are committed and waiting.
        await Eventually.HoldsAsync(async () => (await OutboxAsync(host)).Count(x => x.JobId == jobId) == 2 && _refusals.Refused.Count > 0,
            TimeSpan.FromSeconds(30), () => "the job's JobStarted, refused, and its JobSucceeded to wait in the outbox");
        Assert.DoesNotContain(_refusals.Sent, x => x.JobId == jobId && x.Type == typeof(JobSucceeded));

        _refusals.Allow();

        await Eventually.HoldsAsync(() => _refusals.Sent.Any(x => x.Type == typeof(JobSucceeded) && x.JobId == jobId),
            TimeSpan.FromSeconds(30), () => "the job's events to be sent");
        Assert.Equal([typeof(JobSubmitted), typeof(JobStarted), typeof(JobSucceeded)],
            _refusals.Sent.Where(x => x.JobId == jobId).Select(x => x.Type));
    }

    [Fact]
    public async Task The_outbox_health_check_shows_the_backlog_and_says_degraded_once_the_oldest_message_waits_too_long()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        await using var host = await StartAsync(clock);
        _refusals.RefuseAll<JobSucceeded>();
        var jobId = Guid.NewGuid();

        await host.SubmitAsync(jobId);
        await host.WaitForStatusAsync(jobId, JobStatuses.Success);
        await Eventually.HoldsAsync(async () => (await OutboxAsync(host)).Count == 1 && _refusals.Refused.Count > 0, TimeSpan.FromSeconds(30),
            () => "the refused JobSucceeded to be the only message waiting");
        var lagging = await OutboxHealthAsync(host);
        Assert.Equal(HealthStatus.Healthy, lagging.Status);
        Assert.Equal(1, lagging.Data["backlog"]);

        // Jobs:Outbox:LagWarning is 30 s by default.
        clock.Advance(TimeSpan.FromSeconds(31));

        var degraded = await OutboxHealthAsync(host);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(1, degraded.Data["backlog"]);
        Assert.True((double)degraded.Data["oldest_age_seconds"] >= 31, $"the oldest message is {degraded.Data["oldest_age_seconds"]} s old");

        _refusals.Allow();

        // Delivery waits out its backoff on the worker's clock: move it on until the message has gone.
        await Eventually.HoldsAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            return (int)(await OutboxHealthAsync(host)).Data["backlog"] == 0;
        }, TimeSpan.FromSeconds(30), () => "the outbox to be emptied");
        var caughtUp = await OutboxHealthAsync(host);
        Assert.Equal(HealthStatus.Healthy, caughtUp.Status);
        Assert.Equal(0d, caughtUp.Data["oldest_age_seconds"]);
        Assert.Contains(_refusals.Sent, x => x.Type == typeof(JobSucceeded) && x.JobId == jobId);
    }

    [Fact]
    public async Task Wake_ups_waiting_together_are_sent_as_one()
    {
        await using var host = await StartAsync(runner: false);
        _refusals.RefuseAll<RunJobs>();

        for (var i = 0; i < 10; i++)
            await host.SubmitAsync(Guid.NewGuid());
        await Eventually.HoldsAsync(async () => (await OutboxAsync(host)).Count(x => x.JobId is null) == 10, TimeSpan.FromSeconds(30),
            () => "the ten submissions' wake-ups to wait in the outbox");
        _refusals.Allow();

        await Eventually.HoldsAsync(async () => (await OutboxAsync(host)).Count == 0, TimeSpan.FromSeconds(30), () => "the outbox to be emptied");
        Assert.Single(_refusals.Sent, x => x.Type == typeof(RunJobs));
        Assert.Equal(10, _refusals.Sent.Count(x => x.Type == typeof(JobSubmitted)));
    }

    static async Task<HealthReportEntry> OutboxHealthAsync(JobsTestHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "outbox", Ct);
        return report.Entries["outbox"];
    }

    static async Task<List<Worker.Outbox.OutboxMessage>> OutboxAsync(JobsTestHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.OutboxMessages.AsNoTracking().ToListAsync(Ct);
    }
}
