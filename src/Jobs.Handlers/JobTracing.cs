using System.Diagnostics;
using Jobs.Contracts;

namespace Jobs.Handlers;

/// <summary>
/// Jobs' spans (README, "Traces"): the activity source a worker and a handler's own service share, the run span either
/// of them records around a handler, and the attributes every span of Jobs carries. Kept here because a service
/// running a handler of its own references this project and not the worker.
/// </summary>
public static class JobTracing
{
    /// <summary>The name of Jobs' activity source (and of its meter): what a tracer provider adds to record Jobs' spans.</summary>
    public const string SourceName = "Jobs";

    /// <summary>A handler's run of a job: the handler's work and the recording of its outcome.</summary>
    public const string RunSpan = "jobs.run";

    /// <summary>The job's id.</summary>
    public const string JobIdAttribute = "jobs.job_id";

    /// <summary>The store the job belongs to.</summary>
    public const string StoreIdAttribute = "jobs.store_id";

    /// <summary>The job's type.</summary>
    public const string JobTypeAttribute = "jobs.job_type";

    /// <summary>The attempt the start made (1 on the job's first start).</summary>
    public const string AttemptAttribute = "jobs.attempt";

    /// <summary>What the run ended with: <c>success</c> or <c>failed</c>.</summary>
    public const string StatusAttribute = "jobs.status";

    /// <summary>Jobs' spans. Starting one returns null, and costs nothing, while no tracer provider listens to it.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the run span of a job and makes it current, so that whatever the handler and the outcome's recording do
    /// joins it; null when nobody records Jobs' spans.
    /// </summary>
    /// <param name="jobId">The job being run.</param>
    /// <param name="storeId">Its store.</param>
    /// <param name="jobType">Its type.</param>
    /// <param name="attempt">The attempt being run.</param>
    /// <param name="parent">The job's trace; the default context makes the current activity the parent.</param>
    /// <returns>The started span, to be disposed once the outcome is recorded; null while tracing is off.</returns>
    public static Activity? StartRun(Guid jobId, string storeId, string jobType, int attempt, ActivityContext parent = default)
    {
        var run = Source.StartActivity(RunSpan, ActivityKind.Internal, parent);
        if (run is { IsAllDataRequested: true })
            Describe(run, jobId, storeId, jobType, attempt);
        return run;
    }

    /// <summary>Sets the attributes that name a job on one of its spans.</summary>
    public static void Describe(Activity span, Guid jobId, string storeId, string jobType, int attempt)
    {
        span.SetTag(JobIdAttribute, jobId.ToString());
        span.SetTag(StoreIdAttribute, storeId);
        span.SetTag(JobTypeAttribute, jobType);
        if (attempt > 0)
            span.SetTag(AttemptAttribute, attempt);
    }

    /// <summary>Records on the run span how the run ended; a failed run's span has the error status.</summary>
    public static void Ended(Activity? run, JobCompleted outcome)
    {
        if (run is null)
            return;
        run.SetTag(StatusAttribute, outcome.Succeeded ? JobStatuses.Success : JobStatuses.Failed);
        if (!outcome.Succeeded)
            run.SetStatus(ActivityStatusCode.Error);
    }

    /// <summary>
    /// Calls <paramref name="start"/> with no current activity, so that what it starts (a run's heartbeat, one beat every
    /// third of the lease for as long as the job runs) stays out of the job's trace instead of filling it.
    /// </summary>
    public static T OutsideTrace<T>(Func<T> start)
    {
        var current = Activity.Current;
        if (current is null)
            return start();
        Activity.Current = null;
        try
        {
            return start();
        }
        finally
        {
            Activity.Current = current;
        }
    }
}
