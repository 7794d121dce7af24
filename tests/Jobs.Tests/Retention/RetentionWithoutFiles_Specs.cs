using Jobs.Catalog.Files;
using Jobs.Contracts;
using Jobs.Tests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Retention;

/// <summary>
/// Retention in a worker without the catalog, so without a file store (a platform's own worker): jobs still go, and what
/// else names a deleted job keeps working. An event of a job still waiting in the outbox is delivered after its job is
/// gone, and a cancel of a deleted job is answered as for any job Jobs does not know. Jobs here are kept for an hour.
/// </summary>
public sealed class RetentionWithoutFiles_Specs
{
    static readonly TimeSpan Age = TimeSpan.FromHours(1);
    static readonly TimeSpan Interval = TimeSpan.FromMinutes(7);
    static readonly TimeSpan Sweep = TimeSpan.FromHours(1);
    static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(10);

    readonly TestClock _clock = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
    readonly PublishRefusals _refusals = new();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    async Task<JobsTestHost> StartAsync()
    {
        var host = await JobsTestHost.StartAsync(clock: _clock, settings: new Dictionary<string, string?>
        {
            ["Jobs:Retention:FinishedJobs"] = Age.ToString(),
            ["Jobs:Retention:Interval"] = Interval.ToString(),
            ["Jobs:Runner:SweepInterval"] = Sweep.ToString(),
            ["Jobs:Cancel:WaitForSubmission"] = CancelWait.ToString(),
        }, services: services =>
        {
            foreach (var jobType in JobTypes.All)
                services.AddScriptedHandler(jobType);
            services.AddPublishObserver(_ => _refusals);
        });
        Assert.Null(host.Services.GetService<IFileStore>());
        await _clock.TimerSetAsync(Interval);
        return host;
    }

    /// <summary>Moves the clock past the job's age and a retention interval, and waits until the job is gone.</summary>
    async Task OutliveAsync(JobsTestHost host, Guid jobId)
    {
        _clock.Advance(Age + Interval);
        await Eventually.HoldsAsync(async () => await host.FindAsync(jobId) is null, TimeSpan.FromSeconds(30), () => $"job {jobId} to be deleted");
    }

    [Fact]
    public async Task An_event_still_waiting_in_the_outbox_is_delivered_after_its_job_is_deleted()
    {
        await using var host = await StartAsync();
        _refusals.RefuseAll<JobSucceeded>();
        var jobId = Guid.NewGuid();
        await host.SubmitAsync(jobId);
        await host.WaitForStatusAsync(jobId, JobStatuses.Success);
        await Eventually.HoldsAsync(() => _refusals.Refused.Count > 0, TimeSpan.FromSeconds(30), () => "the JobSucceeded to be refused");

        await OutliveAsync(host, jobId);
        _refusals.Allow();

        // Delivery waits out its backoff on the worker's clock: move it on until the event has gone.
        await Eventually.HoldsAsync(() =>
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            return _refusals.Sent.Any(x => x.Type == typeof(JobSucceeded) && x.JobId == jobId);
        }, TimeSpan.FromSeconds(30), () => "the deleted job's JobSucceeded to be delivered");
        Assert.Equal([typeof(JobSubmitted), typeof(JobStarted), typeof(JobSucceeded)], _refusals.Sent.Where(x => x.JobId == jobId).Select(x => x.Type));
    }

    [Fact]
    public async Task A_cancel_of_a_deleted_job_waits_for_it_like_any_unknown_job_and_is_answered_not_found()
    {
        await using var host = await StartAsync();
        var jobId = Guid.NewGuid();
        await host.SubmitAsync(jobId);
        await host.WaitForStatusAsync(jobId, JobStatuses.Success);
        await OutliveAsync(host, jobId);

        var cancel = host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);
        await host.WaitForEarlyCancellationAsync(jobId);
        await _clock.TimerSetAsync(Sweep);
        _clock.Advance(Sweep);
        var answer = await cancel;

        Assert.True(answer.Is(out Response<JobNotFound>? notFound), $"the canceller was answered {answer.Message.GetType().Name}");
        Assert.Equal(jobId, notFound.Message.JobId);
        await Eventually.HoldsAsync(async () => (await host.EarlyCancellationsAsync()).Count == 0, TimeSpan.FromSeconds(10), () => "the cancel to be forgotten");
        Assert.Empty(await host.AllJobsAsync());
    }
}
