using System.Diagnostics;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Tests.Api;
using Jobs.Tests.Support;
using Jobs.Worker.Hosting;
using Jobs.Worker.Persistence;
using Jobs.Worker.Telemetry;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Jobs.Tests.Telemetry;

/// <summary>
/// One trace per job, from its submission to its outcome (README, "Traces"), as OpenTelemetry's in-memory exporter
/// receives it: the API in embedded mode with telemetry on (<c>Jobs:Telemetry:Prometheus</c>), or a worker on the test
/// harness with a handler in a service of its own; and the lines logged about a job, with its ids and its trace's.
/// </summary>
public sealed class Traces_Specs
{
    const string MassTransit = "MassTransit";
    const string RemoteQueue = "catalog-hierarchies";
    const string DbCommands = "Microsoft.EntityFrameworkCore.Database.Command";

    /// <summary>Stands for another service that submits a job inside a trace of its own.</summary>
    static readonly ActivitySource Submitter = new("Jobs.Tests.Submitter");

    readonly TracesSpans _spans = [];
    readonly TracesLogRecorder _logs = new();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_posted_to_the_API_is_one_trace_from_the_POST_to_its_outcome()
    {
        await using var factory = new JobsApiFactory(TelemetryOn);
        await using var api = Traced(factory);
        var driver = new ApiDriver(api);

        var jobId = await driver.SubmitAsync(JobTypes.ProductExport);
        await driver.WaitForStatusAsync(jobId, JobStatuses.Success);

        var run = await RunOfAsync(jobId);
        var trace = run.TraceId;
        var post = await SpanAsync(trace, s => s.Kind == ActivityKind.Server && Tag(s, "http.request.method") == "POST" && Tag(s, "url.path") == "/pcm/jobs", "the POST");
        Assert.Equal(default, post.ParentSpanId);
        var send = await SpanAsync(trace, Sends<SubmitJob>, "SubmitJob's send");
        Assert.Equal(post.SpanId, send.ParentSpanId);
        var submission = await ConsumeAsync<SubmitJob>(trace);
        Assert.True(await _spans.DescendsAsync(submission, send), "the saga's consume of SubmitJob descends from its send");
        var wait = Assert.Single(_spans.InTrace(trace), s => s.OperationName == JobSpans.WaitSpan);
        var created = (await RecordedAsync(api, jobId)).CreatedAt;
        Assert.Equal(created, wait.StartTimeUtc);
        Assert.Equal(JobsApiFactory.DefaultStart.UtcDateTime, wait.StartTimeUtc);
        Assert.Equal(submission.SpanId, wait.ParentSpanId);
        Assert.Equal(submission.SpanId, run.ParentSpanId);
        AssertNames(wait, jobId, JobTypes.ProductExport, attempt: 1);
        AssertNames(run, jobId, JobTypes.ProductExport, attempt: 1);
        Assert.Equal(JobStatuses.Success, Tag(run, JobTracing.StatusAttribute));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);
        Assert.True(await _spans.DescendsAsync(await ConsumeAsync<Worker.Running.StartJob>(trace), wait), "the start is recorded inside the wait");
        Assert.True(await _spans.DescendsAsync(await ConsumeAsync<JobCompleted>(trace), run), "the outcome is recorded inside the run");
        // Events leave through the outbox after the commit, still in the trace of the change that wrote them.
        var succeeded = await SpanAsync(trace, Sends<JobSucceeded>, "JobSucceeded's send");
        var outbox = Assert.Single(_spans.InTrace(trace), s => s.SpanId == succeeded.ParentSpanId);
        Assert.Equal(JobSpans.OutboxSpan, outbox.OperationName);
        Assert.Equal(jobId.ToString(), Tag(outbox, JobTracing.JobIdAttribute));
        Assert.Equal(typeof(JobSucceeded).FullName, Tag(outbox, JobSpans.MessageTypeAttribute));
    }

    [Fact]
    public async Task A_failed_run_says_so_on_its_span()
    {
        await using var factory = new JobsApiFactory(TelemetryOn);
        await using var api = Traced(factory);
        var driver = new ApiDriver(api);

        var jobId = await driver.SubmitAsync(JobTypes.ProductExport, behavior: "fail:no such filter");
        await driver.WaitForStatusAsync(jobId, JobStatuses.Failed);

        var run = await RunOfAsync(jobId);
        Assert.Equal(JobStatuses.Failed, Tag(run, JobTracing.StatusAttribute));
        Assert.Equal(ActivityStatusCode.Error, run.Status);
    }

    [Fact]
    public async Task A_SubmitJob_published_inside_a_trace_joins_that_trace()
    {
        await using var factory = new JobsApiFactory(TelemetryOn);
        await using var api = Traced(factory);
        var driver = new ApiDriver(api);
        var bus = api.Services.GetRequiredService<IBus>();
        var jobId = Guid.NewGuid();

        ActivityTraceId traceId;
        using (var submitting = Submitter.StartActivity("submit a job"))
        {
            traceId = submitting!.TraceId;
            await bus.Publish(JobsTestHost.Command(jobId), Ct);
        }

        await driver.WaitForStatusAsync(jobId, JobStatuses.Success);
        var run = await RunOfAsync(jobId);
        Assert.Equal(traceId, run.TraceId);
        Assert.Single(_spans.InTrace(traceId), s => s.OperationName == JobSpans.WaitSpan && Tag(s, JobTracing.JobIdAttribute) == jobId.ToString());
        await ConsumeAsync<SubmitJob>(traceId);
        await ConsumeAsync<JobCompleted>(traceId);
    }

    [Fact]
    public async Task A_run_in_another_service_is_in_the_trace_of_the_jobs_submission()
    {
        await using var host = await JobsTestHost.StartAsync(
            settings: new Dictionary<string, string?> { [$"Jobs:Handlers:{JobTypes.HierarchyDuplicate}:Queue"] = RemoteQueue },
            services: s =>
            {
                foreach (var jobType in JobTypes.All.Where(t => t != JobTypes.HierarchyDuplicate))
                    s.AddScriptedHandler(jobType);
                s.AddOpenTelemetry().WithTracing(t => t.AddJobsInstrumentation().AddSource(Submitter.Name).AddInMemoryExporter(_spans));
            });
        var runs = new RemoteJobRuns(host.Harness.Bus, TimeProvider.System, NullLogger<RemoteJobRuns>.Instance);
        var handler = host.Harness.Bus.ConnectReceiveEndpoint(RemoteQueue,
            e => e.Consumer(() => new JobHandlerConsumer<DuplicatingHandler>(new DuplicatingHandler(), runs)));
        await handler.Ready;
        var jobId = Guid.NewGuid();

        ActivityTraceId traceId;
        using (var submitting = Submitter.StartActivity("submit a job"))
        {
            traceId = submitting!.TraceId;
            await host.SubmitAsync(JobsTestHost.Command(jobId, JobTypes.HierarchyDuplicate) with { StoreId = "store-7" });
        }

        await host.WaitForStatusAsync(jobId, JobStatuses.Success);
        var run = await RunOfAsync(jobId);
        await runs.StopAsync(Ct);

        Assert.Equal(traceId, run.TraceId);
        AssertNames(run, jobId, JobTypes.HierarchyDuplicate, attempt: 1, store: "store-7");
        Assert.Equal(JobStatuses.Success, Tag(run, JobTracing.StatusAttribute));
        var wait = Assert.Single(_spans.InTrace(traceId), s => s.OperationName == JobSpans.WaitSpan);
        // The RunJob was written with the start, inside the wait, and sent through the outbox; the handler's service took
        // the trace from its headers.
        var runJob = await ConsumeAsync<RunJob>(traceId);
        Assert.True(await _spans.DescendsAsync(runJob, wait), "the RunJob's consume descends from the wait");
        Assert.True(await _spans.DescendsAsync(run, runJob), "the handler's run descends from the RunJob's consume");
        Assert.True(await _spans.DescendsAsync(await ConsumeAsync<JobCompleted>(traceId), run), "the outcome's consume descends from the run");
        Assert.DoesNotContain(_spans.InTrace(traceId), s => s.OperationName == JobTracing.RunSpan && s != run);
    }

    [Fact]
    public async Task Lines_logged_about_a_job_carry_its_id_its_store_and_its_trace()
    {
        var settings = TelemetryOn;
        // The database commands the saga runs while it records the job are logged too (EF Core's, inside its activities).
        settings[$"Logging:LogLevel:{DbCommands}"] = "Information";
        await using var factory = new JobsApiFactory(settings);
        await using var api = Traced(factory);
        var driver = new ApiDriver(api, TestAuth.StoreA);

        var jobId = await driver.SubmitAsync(JobTypes.ProductExport);
        await driver.WaitForStatusAsync(jobId, JobStatuses.Success);
        var run = await RunOfAsync(jobId);

        var runner = _logs.Lines.Where(l => l.Category == "Jobs.Worker.Running.JobRunner" && l.Message.Contains(jobId.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, runner.Count);
        // The submission's early-cancel check runs only in the saga, inside the consume of SubmitJob.
        var saga = _logs.Lines.Where(l => l.Category == DbCommands && l.Message.Contains("early_cancellations", StringComparison.Ordinal) && l.Scope("JobId") == jobId.ToString()).ToList();
        Assert.NotEmpty(saga);
        Assert.All(runner.Concat(saga), line =>
        {
            Assert.Equal(jobId.ToString(), line.Scope("JobId"));
            Assert.Equal(TestAuth.StoreA, line.Scope("StoreId"));
            Assert.Equal(run.TraceId.ToString(), line.Scope("TraceId"));
            Assert.NotNull(line.Scope("SpanId"));
        });
    }

    [Fact]
    public async Task With_telemetry_off_nothing_is_registered()
    {
        await using var factory = new JobsApiFactory();

        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void The_JSON_console_format_writes_scopes_unless_told_not_to(string? includeScopes, bool written)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:Console:FormatterName"] = ConsoleFormatterNames.Json,
            ["Logging:Console:FormatterOptions:IncludeScopes"] = includeScopes,
        }).Build();
        var services = new ServiceCollection().AddLogging(l => l.AddConfiguration(configuration.GetSection("Logging")).AddConsole().AddJobsLogging(configuration));
        using var provider = services.BuildServiceProvider();

        Assert.Equal(written, provider.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        Assert.Equal(ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId,
            provider.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions);
    }

    static Dictionary<string, string?> TelemetryOn => new() { ["Jobs:Telemetry:Prometheus"] = "true" };

    /// <summary>The API with the in-memory exporter on its tracer provider and the recorder among its loggers.</summary>
    WebApplicationFactory<Jobs.Api.Options.JobsApiOptions> Traced(JobsApiFactory factory) =>
        factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddSource(Submitter.Name).AddInMemoryExporter(_spans));
            s.AddSingleton<ILoggerProvider>(_logs);
        }));

    /// <summary>The job's run span, once it has ended: after the outcome is recorded.</summary>
    Task<Activity> RunOfAsync(Guid jobId) =>
        _spans.EndedAsync(s => s.OperationName == JobTracing.RunSpan && Tag(s, JobTracing.JobIdAttribute) == jobId.ToString(), $"the run span of job {jobId}");

    static async Task<Worker.StateMachines.JobState> RecordedAsync(WebApplicationFactory<Jobs.Api.Options.JobsApiOptions> api, Guid jobId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JobsDbContext>().Jobs.AsNoTracking().SingleAsync(x => x.CorrelationId == jobId, Ct);
    }

    static void AssertNames(Activity span, Guid jobId, string jobType, int attempt, string store = JobStores.Default)
    {
        Assert.Equal(jobId.ToString(), Tag(span, JobTracing.JobIdAttribute));
        Assert.Equal(store, Tag(span, JobTracing.StoreIdAttribute));
        Assert.Equal(jobType, Tag(span, JobTracing.JobTypeAttribute));
        Assert.Equal(attempt, span.GetTagItem(JobTracing.AttemptAttribute));
    }

    /// <summary>A span of the trace, once it has ended.</summary>
    Task<Activity> SpanAsync(ActivityTraceId trace, Func<Activity, bool> matches, string description) =>
        _spans.EndedAsync(s => s.TraceId == trace && matches(s), $"{description} in trace {trace}");

    /// <summary>MassTransit's consume of a <typeparamref name="T"/> in the trace (its "process" span), once it has ended.</summary>
    Task<Activity> ConsumeAsync<T>(ActivityTraceId trace) =>
        SpanAsync(trace, s => s.Source.Name == MassTransit && Tag(s, "messaging.operation") == "process" && Tag(s, "peer.address") == $"{typeof(T).Name}/{typeof(T).Namespace}",
            $"MassTransit's consume of {typeof(T).Name}");

    static bool Sends<T>(Activity span) =>
        span.Source.Name == MassTransit && span.Kind == ActivityKind.Producer
        && (Tag(span, "messaging.masstransit.message_types") ?? "").Split(',').Contains($"urn:message:{typeof(T).Namespace}:{typeof(T).Name}");

    static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();
}
