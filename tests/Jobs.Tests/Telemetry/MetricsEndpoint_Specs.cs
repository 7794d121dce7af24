using System.Net;
using System.Text.RegularExpressions;
using Jobs.Contracts;
using Jobs.Tests.Api;
using Jobs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Jobs.Tests.Telemetry;

/// <summary>
/// Telemetry is off unless an exporter is configured: then no meter provider exists and there is no <c>/metrics</c>.
/// With <c>Jobs:Telemetry:Prometheus</c> on, the API serves Prometheus' text format there, without a token, under the
/// names the README documents.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpoint_Specs
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_prometheus_on_the_api_serves_the_jobs_metrics_at_metrics_after_a_job()
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { ["Jobs:Telemetry:Prometheus"] = "true" });
        var api = new ApiDriver(factory);
        var job = await api.SubmitAsync(JobTypes.ProductExport);
        await api.WaitForStatusAsync(job, JobStatuses.Success);

        ApiResponse? scrape = null;
        // The outcome is counted just after its commit, which the API may already have read.
        await Eventually.HoldsAsync(async () =>
        {
            scrape = await api.As(null).GetAsync("/metrics");
            return scrape.Status == HttpStatusCode.OK && scrape.Body.Contains("jobs_finished_total{", StringComparison.Ordinal);
        }, Patience, () => $"/metrics to count the finished job, but it answered {scrape?.Status}: {scrape?.Body}");

        Assert.Equal("text/plain", scrape!.MediaType);
        var text = scrape.Body;
        Assert.Matches(Sample("jobs_submitted_total", @"job_type=""product-export""", "1"), text);
        Assert.Matches(Sample("jobs_started_total", @"job_type=""product-export""", "1"), text);
        Assert.Matches(Sample("jobs_finished_total", @"job_status=""success"",job_type=""product-export""", "1"), text);
        Assert.Matches(Sample("jobs_wait_duration_seconds_count", @"job_type=""product-export""", "1"), text);
        Assert.Matches(Sample("jobs_run_duration_seconds_count", @"job_status=""success"",job_type=""product-export""", "1"), text);
        Assert.Matches(Sample("jobs_wait_duration_seconds_bucket", @"job_type=""product-export"",le=""0.005""", "1"), text);
        Assert.Matches(Sample("jobs_line_pending", "", "0"), text);
        Assert.Matches(Sample("jobs_line_oldest_age_seconds", "", "0"), text);
        Assert.Matches(Sample("jobs_outbox_backlog", "", @"\d+"), text);
        Assert.Matches(Sample("jobs_outbox_oldest_age_seconds", "", @"[0-9.]+"), text);
    }

    [Fact]
    public async Task With_no_exporter_configured_there_is_no_meter_provider_and_no_metrics_endpoint()
    {
        await using var factory = new JobsApiFactory();
        var api = new ApiDriver(factory);

        Assert.Equal(HttpStatusCode.NotFound, (await api.As(null).GetAsync("/metrics")).Status);
        Assert.Null(factory.Services.GetService<MeterProvider>());
        // Jobs still runs, and still records into its instruments: nobody listens.
        var job = await api.SubmitAsync();
        await api.WaitForStatusAsync(job, JobStatuses.Success);
    }

    [Fact]
    public async Task The_number_of_stores_per_gauge_is_checked_at_start()
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { ["Jobs:Telemetry:MaxStoresPerGauge"] = "0" });

        var refused = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("MaxStoresPerGauge", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A sample line of Prometheus' text format: the metric, its labels (those named, in order, among any others
    /// OpenTelemetry adds, such as the meter's name), and its value, followed by a timestamp or not.
    /// </summary>
    static Regex Sample(string metric, string labels, string value) =>
        new($@"(?m)^{metric}(\{{[^}}\n]*{labels}[^}}\n]*\}})? {value}( \d+)?$");
}
