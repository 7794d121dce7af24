using System.Diagnostics;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Tests.Telemetry;
using Jobs.Worker.Hosting;
using Jobs.Worker.Telemetry;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Jobs.IntegrationTests;

/// <summary>
/// A job's trace on RabbitMQ and PostgreSQL (README, "Traces"): another service submits a job inside a trace of its
/// own, over the broker, to a worker whose tracer provider exports to memory.
/// </summary>
public sealed class Traces_Specs(TestServices services)
{
    static readonly ActivitySource Submitter = new("Jobs.IntegrationTests.Submitter");
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_jobs_trace_crosses_the_broker_and_the_outbox_with_the_databases_statements_in_it()
    {
        var environment = await services.NewEnvironmentAsync();
        var spans = new TracesSpans();
        await using var worker = await WorkerHost.StartAsync(environment, new ScriptedJobs(),
            services: s => s.AddOpenTelemetry().WithTracing(t => t.AddJobsInstrumentation().AddSource(Submitter.Name).AddInMemoryExporter(spans)));
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var jobId = Guid.NewGuid();

        ActivityTraceId traceId;
        using (var submitting = Submitter.StartActivity("submit a job"))
        {
            traceId = submitting!.TraceId;
            await client.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob { JobId = jobId, JobType = JobTypes.ProductExport }, Ct);
        }

        var run = await spans.EndedAsync(s => s.OperationName == JobTracing.RunSpan && Tag(s, JobTracing.JobIdAttribute) == jobId.ToString(), "the job's run span");
        var succeeded = await spans.EndedAsync(s => s.TraceId == traceId && s.Kind == ActivityKind.Producer && Tag(s, "messaging.masstransit.message_types") == "urn:message:Jobs.Contracts:JobSucceeded",
            "JobSucceeded's send in the job's trace");

        Assert.Equal(traceId, run.TraceId);
        var send = await spans.EndedAsync(s => s.TraceId == traceId && s.Kind == ActivityKind.Producer && Tag(s, "messaging.masstransit.message_types") == "urn:message:Jobs.Contracts:SubmitJob",
            "SubmitJob's send in the job's trace");
        Assert.Equal("rabbitmq", Tag(send, "messaging.system"));
        var submission = await spans.EndedAsync(s => s.TraceId == traceId && Tag(s, "messaging.operation") == "process" && Tag(s, "peer.address") == "SubmitJob/Jobs.Contracts",
            "the saga's consume of SubmitJob in the job's trace");
        Assert.True(await spans.DescendsAsync(submission, send), "the saga's consume of SubmitJob descends from its send over the broker");
        var statements = spans.InTrace(traceId).Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.True(await AnyDescendsAsync(spans, statements, submission), "the saga's statements are in the trace, inside its consume of SubmitJob");
        Assert.True(await AnyDescendsAsync(spans, statements, run), "the run's statements (the outcome's recording) are in the trace, inside the run");
        Assert.Single(spans.InTrace(traceId), s => s.OperationName == JobSpans.WaitSpan);
        var outbox = Assert.Single(spans.InTrace(traceId), s => s.SpanId == succeeded.ParentSpanId);
        Assert.Equal(JobSpans.OutboxSpan, outbox.OperationName);
        Assert.Equal("rabbitmq", Tag(succeeded, "messaging.system"));
        Assert.True(await spans.DescendsAsync(outbox, run), "the outcome's event descends from the run, through the outbox");
    }

    static async Task<bool> AnyDescendsAsync(TracesSpans spans, IEnumerable<Activity> candidates, Activity ancestor)
    {
        foreach (var candidate in candidates)
        {
            if (await spans.DescendsAsync(candidate, ancestor))
                return true;
        }

        return false;
    }

    static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();
}
