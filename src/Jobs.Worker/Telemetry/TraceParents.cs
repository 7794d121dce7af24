using System.Diagnostics;
using Jobs.Contracts;

namespace Jobs.Worker.Telemetry;

/// <summary>
/// The W3C <c>traceparent</c> kept with a job (<c>jobs.trace_parent</c>) and with an outbox message
/// (<c>outbox_messages.trace_parent</c>), so that work done later, by another process or after a commit, joins the
/// trace that caused it (docs/design.md, "Tracing a job").
/// </summary>
static class TraceParents
{
    /// <summary>
    /// The traceparent of <paramref name="activity"/> when it is recorded; otherwise null, so that nothing is formatted
    /// while tracing is off. A traceparent past <see cref="JobLimits.MaxTraceParentLength"/> (not version 00) is not kept:
    /// what follows then starts a trace of its own.
    /// </summary>
    public static string? Of(Activity? activity) =>
        activity is { Recorded: true, IdFormat: ActivityIdFormat.W3C } && activity.Id is { Length: <= JobLimits.MaxTraceParentLength } id ? id : null;

    /// <summary>The context a kept traceparent names, as a remote parent; the default context (no parent) for none.</summary>
    public static ActivityContext ContextOf(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
}
