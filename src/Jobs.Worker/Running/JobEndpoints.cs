namespace Jobs.Worker.Running;

/// <summary>The queues Jobs owns. Operators see these names in RabbitMQ.</summary>
public static class JobEndpoints
{
    /// <summary>The saga's queue: <c>SubmitJob</c>, <c>CancelJob</c> and <c>JobCompleted</c>, bound to their exchanges.</summary>
    public const string JobState = "job-state";

    public static readonly Uri JobStateAddress = new($"queue:{JobState}");

    /// <summary>
    /// The tag in the names of the workers' wake-up queues: each worker has a temporary queue of its own, bound to
    /// the <c>RunJobs</c> exchange, deleted when the worker goes.
    /// </summary>
    public const string RunnerWakeUps = "job-runner";
}
