using Jobs.Worker.StateMachines;

namespace Jobs.Worker.Running;

/// <summary>The errors Jobs itself gives a job whose run ended without its handler's outcome.</summary>
static class RunErrors
{
    public static string NoHandler(string jobType) => $"No handler is registered for job type '{jobType}'.";

    public static string TimedOut(string jobType, TimeSpan limit) => $"The {jobType} job timed out after {limit}.";

    /// <summary>Why an abandoned run was abandoned: its worker or its handler stopped beating, or nobody took its <c>RunJob</c>.</summary>
    public static string Abandoned(JobState job, TimeSpan lease) => job switch
    {
        { HandlerQueue: null } => $"The worker running this job stopped (no heartbeat for {lease})",
        { HeartbeatAt: null } => $"No handler finished this job: nobody took its RunJob from queue '{job.HandlerQueue}' within the pickup timeout",
        _ => $"No handler finished this job: the handler on queue '{job.HandlerQueue}' stopped reporting (no heartbeat for {lease})",
    };

    public static string GaveUp(JobState job, TimeSpan lease) => $"{Abandoned(job, lease)}; gave up after {job.Attempt} attempts.";
}
