using System.Net;
using Jobs.Contracts;
using Jobs.Tests.Api;
using Jobs.Tests.Support;
using Jobs.Worker.Persistence;
using MassTransit;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Telemetry;

/// <summary>
/// Jobs' metrics, read through OpenTelemetry's in-memory exporter from the API in embedded mode with telemetry on
/// (<c>Jobs:Telemetry:Prometheus</c>): each job is counted once as it is submitted, started and finished, its wait and
/// run are measured on the saga's clock, and the gauges show what waits in the database (per store, within their
/// bound) and in the outbox. The clock moves only when a spec moves it, so the durations are exact.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class Metrics_Specs : IAsyncDisposable
{
    const string Type = "job.type";
    const string Status = "job.status";
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    readonly MetricsReader _metrics = new();
    readonly PublishRefusals _refusals = new();
    JobsApiFactory? _factory;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The API with telemetry on, the in-memory exporter on its meter provider, and <see cref="_refusals"/> on its bus.</summary>
    ApiDriver Start(params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?> { ["Jobs:Telemetry:Prometheus"] = "true" };
        foreach (var (key, value) in settings)
            configuration[key] = value;
        _factory = new JobsApiFactory(configuration);
        return new ApiDriver(_factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            _metrics.AddTo(services);
            services.AddPublishObserver(_ => _refusals);
        })));
    }

    CollectedMetrics Collect(ApiDriver api) => _metrics.Collect(api.Factory.Services);

    [Fact]
    public async Task A_job_is_counted_as_submitted_started_and_finished_and_its_wait_and_run_are_the_times_the_clock_moved()
    {
        var api = Start();
        // Finished jobs' JobSucceeded events stay in the outbox, for its gauges to show.
        _refusals.RefuseAll<JobSucceeded>();
        var blocker = await api.SubmitAsync(JobTypes.ProductImport, behavior: "block");
        await api.Script.StartedAsync(blocker);
        var job = await api.SubmitAsync(JobTypes.ProductExport, behavior: "block");
        api.Advance(TimeSpan.FromSeconds(7));

        var waiting = Collect(api);
        Assert.Equal(1d, waiting.Total("jobs.line.pending"));
        Assert.Equal(new Dictionary<string, double> { [JobStores.Default] = 1 }, waiting.ByStore("jobs.line.pending"));
        Assert.Equal(7d, waiting.Total("jobs.line.oldest_age"));
        Assert.Equal(new Dictionary<string, double> { [JobStores.Default] = 7 }, waiting.ByStore("jobs.line.oldest_age"));

        api.Script.Release(blocker);
        await api.Script.StartedAsync(job);
        api.Advance(TimeSpan.FromSeconds(3));
        api.Script.Release(job);
        await api.WaitForStatusAsync(job, JobStatuses.Success);
        // Each job's other messages go out; its refused JobSucceeded stays.
        await Eventually.HoldsAsync(async () => await OutboxCountAsync(api) == 2, Patience, () => "the two JobSucceeded alone to wait in the outbox");
        // Counted once the outcome's transaction has committed, just as the API can read the job.
        await Eventually.HoldsAsync(() => Collect(api).Count("jobs.finished") == 2, Patience, () => "both jobs to be counted as finished");

        var metrics = Collect(api);
        Assert.Equal(1, metrics.Count("jobs.submitted", (Type, JobTypes.ProductImport)));
        Assert.Equal(1, metrics.Count("jobs.submitted", (Type, JobTypes.ProductExport)));
        Assert.Equal(1, metrics.Count("jobs.started", (Type, JobTypes.ProductImport)));
        Assert.Equal(1, metrics.Count("jobs.started", (Type, JobTypes.ProductExport)));
        Assert.Equal(0, metrics.Count("jobs.retried"));
        Assert.Equal(1, metrics.Count("jobs.finished", (Type, JobTypes.ProductImport), (Status, JobStatuses.Success)));
        Assert.Equal(1, metrics.Count("jobs.finished", (Type, JobTypes.ProductExport), (Status, JobStatuses.Success)));
        Assert.Equal((1, 0d), metrics.Histogram("jobs.wait.duration", (Type, JobTypes.ProductImport)));
        Assert.Equal((1, 7d), metrics.Histogram("jobs.wait.duration", (Type, JobTypes.ProductExport)));
        Assert.Equal((1, 7d), metrics.Histogram("jobs.run.duration", (Type, JobTypes.ProductImport), (Status, JobStatuses.Success)));
        Assert.Equal((1, 3d), metrics.Histogram("jobs.run.duration", (Type, JobTypes.ProductExport), (Status, JobStatuses.Success)));
        Assert.Equal(0d, metrics.Total("jobs.line.pending"));
        Assert.Empty(metrics.ByStore("jobs.line.pending"));
        Assert.Equal(0d, metrics.Total("jobs.line.oldest_age"));
        Assert.Empty(metrics.ByStore("jobs.line.oldest_age"));
        Assert.Equal(2d, metrics.Total("jobs.outbox.backlog"));
        // The blocker's JobSucceeded has waited since it finished, three seconds ago.
        Assert.Equal(3d, metrics.Total("jobs.outbox.oldest_age"));
        Assert.Equal("{job}", metrics.Unit("jobs.submitted"));
        Assert.Equal("s", metrics.Unit("jobs.wait.duration"));
        Assert.Equal("s", metrics.Unit("jobs.line.oldest_age"));
        Assert.Equal("{message}", metrics.Unit("jobs.outbox.backlog"));
    }

    [Fact]
    public async Task A_cancelled_job_is_counted_as_finished_cancelled_and_a_second_submission_of_it_is_not_counted()
    {
        var api = Start();
        var blocker = await api.SubmitAsync(JobTypes.ProductImport, behavior: "block");
        await api.Script.StartedAsync(blocker);
        var job = Guid.NewGuid();
        var body = ApiDriver.SubmitBody(JobTypes.ProductExport, job);

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/pcm/jobs", body)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/pcm/jobs", body)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/pcm/jobs/{job}/cancel", null)).Status);

        // The saga answers once the change has committed and been counted.
        var metrics = Collect(api);
        Assert.Equal(1, metrics.Count("jobs.submitted", (Type, JobTypes.ProductExport)));
        Assert.Equal(1, metrics.Count("jobs.finished", (Type, JobTypes.ProductExport), (Status, JobStatuses.Cancelled)));
        Assert.Equal(1, metrics.Count("jobs.finished"));
        Assert.Equal(0, metrics.Count("jobs.started", (Type, JobTypes.ProductExport)));
        Assert.Equal(0, metrics.Histogram("jobs.run.duration", (Status, JobStatuses.Cancelled)).Count);
        Assert.Equal(0d, metrics.Total("jobs.line.pending"));
    }

    [Fact]
    public async Task The_pending_gauges_report_at_most_the_configured_number_of_stores_beside_the_figure_over_all_of_them()
    {
        var api = Start(("Jobs:Runner:Enabled", "false"), ("Jobs:Telemetry:MaxStoresPerGauge", "2"));
        await api.As(TestAuth.StoreB).SubmitAsync();
        api.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
            await api.SubmitAsync();
        api.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 2; i++)
            await api.As(TestAuth.StoreA).SubmitAsync();
        api.Advance(TimeSpan.FromSeconds(2));

        var metrics = Collect(api);

        // The stores with the most pending jobs; store-b's one job counts in the total only.
        Assert.Equal(6d, metrics.Total("jobs.line.pending"));
        Assert.Equal(new Dictionary<string, double> { [JobStores.Default] = 3, [TestAuth.StoreA] = 2 }, metrics.ByStore("jobs.line.pending"));
        // The stores whose oldest pending job has waited longest; store-a's, the youngest, is left out.
        Assert.Equal(4d, metrics.Total("jobs.line.oldest_age"));
        Assert.Equal(new Dictionary<string, double> { [TestAuth.StoreB] = 4, [JobStores.Default] = 3 }, metrics.ByStore("jobs.line.oldest_age"));
    }

    static async Task<int> OutboxCountAsync(ApiDriver api)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JobsDbContext>().OutboxMessages.CountAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
    }
}
