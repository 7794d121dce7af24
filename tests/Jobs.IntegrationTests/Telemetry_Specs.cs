using System.Net;
using System.Text.RegularExpressions;
using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;

namespace Jobs.IntegrationTests;

/// <summary>
/// Telemetry of worker processes on real RabbitMQ and PostgreSQL, configured as an operator would, through the
/// environment: with <c>Jobs__Telemetry__Prometheus=true</c> a worker serves <c>/metrics</c> on its health port, holding
/// the jobs it ran; with the standard <c>OTEL_EXPORTER_OTLP_*</c> variables it exports to a collector (here a stand-in
/// on loopback) through the real OTLP exporter and a real socket.
/// </summary>
public sealed class Telemetry_Specs(TestServices services)
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_with_prometheus_on_serves_the_jobs_metrics_on_its_health_port()
    {
        var environment = await services.NewEnvironmentAsync();
        environment["Jobs:Telemetry:Prometheus"] = "true";
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        string[] behaviors = ["succeed", "succeed", "fail:The file has no header."];
        var jobs = await SubmitAsync(environment, behaviors);

        await database.WaitUntilFinishedAsync(jobs, Patience);

        using var http = new HttpClient { BaseAddress = worker.HealthAddress };
        var text = "";
        // Each outcome is counted just after its commit, which the database may already show.
        await Eventually.HoldsAsync(async () =>
        {
            text = await http.GetStringAsync("/metrics", Ct);
            return Regex.IsMatch(text, Sample("jobs_finished_total", @"job_status=""success"",job_type=""product-export""", "2"))
                && Regex.IsMatch(text, Sample("jobs_finished_total", @"job_status=""failed"",job_type=""product-export""", "1"));
        }, Patience, () => $"the worker's /metrics to count two jobs succeeded and one failed:\n{text}");
        Assert.Matches(Sample("jobs_submitted_total", @"job_type=""product-export""", "3"), text);
        Assert.Matches(Sample("jobs_started_total", @"job_type=""product-export""", "3"), text);
        Assert.Matches(Sample("jobs_wait_duration_seconds_count", @"job_type=""product-export""", "3"), text);
        Assert.Matches(Sample("jobs_run_duration_seconds_count", @"job_status=""failed"",job_type=""product-export""", "1"), text);
        Assert.Matches(Sample("jobs_line_pending", "", "0"), text);
        Assert.Matches(Sample("jobs_line_oldest_age_seconds", "", "0"), text);
        Assert.Matches(Sample("jobs_outbox_backlog", "", @"\d+"), text);
        Assert.Matches(Sample("jobs_outbox_oldest_age_seconds", "", @"[0-9.E+-]+"), text);
        Assert.Contains(@"service_name=""jobs-worker""", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_exports_its_metrics_and_traces_over_otlp_to_the_collector_its_environment_names()
    {
        await using var collector = TelemetryCollector.Start();
        var environment = await services.NewEnvironmentAsync();
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint;
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        // Metrics every second rather than every minute, so that the spec need not wait that long for the first export.
        environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        var jobs = await SubmitAsync(environment, ["succeed"]);

        await database.WaitUntilFinishedAsync(jobs, Patience);

        var metrics = await collector.WaitForAsync("/v1/metrics", "jobs.finished", Patience);
        Assert.Equal("POST", metrics.Method);
        Assert.Equal("application/x-protobuf", metrics.ContentType);
        Assert.True(metrics.Holds("jobs-worker"), "the export names the service jobs-worker");
        // The saga's consume of the submission, among others: MassTransit's spans.
        var traces = await collector.WaitForAsync("/v1/traces", "MassTransit", Patience);
        Assert.Equal("application/x-protobuf", traces.ContentType);
        // Prometheus is off: the health port has no /metrics.
        using var http = new HttpClient { BaseAddress = worker.HealthAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics", Ct)).StatusCode);
    }

    /// <summary>Publishes one product-export job per behaviour, each answered once recorded; answers their ids.</summary>
    static async Task<List<Guid>> SubmitAsync(Dictionary<string, string?> environment, string[] behaviors)
    {
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var ids = new List<Guid>();
        foreach (var behavior in behaviors)
        {
            var id = Guid.NewGuid();
            await client.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob
            {
                JobId = id,
                JobType = JobTypes.ProductExport,
                Parameters = new Dictionary<string, string> { ["behavior"] = behavior },
            }, Ct);
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>A sample line of Prometheus' text format: the metric, the labels named (in order, among others), the value.</summary>
    static string Sample(string metric, string labels, string value) => $@"(?m)^{metric}(\{{[^}}\n]*{labels}[^}}\n]*\}})? {value}( \d+)?$";
}
