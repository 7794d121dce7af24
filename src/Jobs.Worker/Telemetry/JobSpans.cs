using System.Diagnostics;
using Jobs.Contracts;
using Jobs.Worker.Outbox;
using Jobs.Worker.StateMachines;

namespace Jobs.Worker.Telemetry;

/// <summary>
/// The spans the worker records of its own (README, "Traces"), each in the trace of the job's submission: the job's
/// wait in line, its run in this process, and a message's stay in the outbox. Each is null, and costs nothing, while
/// no tracer provider records Jobs' spans.
/// </summary>
static class JobSpans
{
    /// <summary>A job's wait in its store's line, from when it entered the line to its start.</summary>
    public const string WaitSpan = "jobs.wait";

    /// <summary>A message's stay in the outbox, from the change that wrote it to the broker's confirm of its send.</summary>
    public const string OutboxSpan = "jobs.outbox";

    /// <summary>The outbox message's type (<c>Jobs.Contracts.JobSucceeded</c>, …).</summary>
    public const string MessageTypeAttribute = "jobs.message_type";

    static ActivitySource Source => JobsTelemetry.ActivitySource;

    /// <summary>
    /// Starts the wait of a pending job, current while the runner asks the saga to start it, so that the start (and the
    /// <c>RunJob</c> a remote run is sent with it) joins the job's trace. It begins when the job entered the line: its
    /// created date, or when it was put back in line; a pending job's last update is exactly that.
    /// </summary>
    public static Activity? StartWait(JobState job)
    {
        if (!Source.HasListeners())
            return null;
        var wait = Source.StartActivity(WaitSpan, ActivityKind.Internal, TraceParents.ContextOf(job.TraceParent), startTime: Utc(job.UpdatedAt));
        if (wait is { IsAllDataRequested: true })
            JobTracing.Describe(wait, job.CorrelationId, job.StoreId, job.JobType, attempt: 0);
        return wait;
    }

    /// <summary>Records on the wait the attempt its start made; a job no longer pending (cancelled meanwhile) has none.</summary>
    public static void Started(Activity? wait, JobSnapshot? started)
    {
        if (wait is not null && started is not null)
            wait.SetTag(JobTracing.AttemptAttribute, started.Attempt);
    }

    /// <summary>Starts the run of a started job in this process, in the job's trace (beside its wait).</summary>
    public static Activity? StartRun(JobState job, int attempt) =>
        Source.HasListeners()
            ? JobTracing.StartRun(job.CorrelationId, job.StoreId, job.JobType, attempt, TraceParents.ContextOf(job.TraceParent))
            : null;

    /// <summary>
    /// Starts an outbox message's span, current while it is sent, so that MassTransit's send (and, through the message's
    /// headers, whatever consumes it) joins the trace of the change that wrote it. Only a message written inside a
    /// recorded trace has one.
    /// </summary>
    public static Activity? StartOutbox(OutboxMessage row)
    {
        if (row.TraceParent is null || !Source.HasListeners())
            return null;
        var span = Source.StartActivity(OutboxSpan, ActivityKind.Internal, TraceParents.ContextOf(row.TraceParent), startTime: Utc(row.RecordedAt));
        if (span is { IsAllDataRequested: true })
        {
            if (row.JobId is { } jobId)
                span.SetTag(JobTracing.JobIdAttribute, jobId.ToString());
            span.SetTag(MessageTypeAttribute, row.MessageType);
        }

        return span;
    }

    /// <summary>A time the database gave back, which SQLite reads without its kind: every time Jobs stores is UTC.</summary>
    static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
