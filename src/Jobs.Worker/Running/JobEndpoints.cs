namespace Jobs.Worker.Running;

/// <summary>The queues Jobs owns. Operators see these names in RabbitMQ.</summary>
public static class JobEndpoints
{
    /// <summary>The saga's public queue: <c>SubmitJob</c> and <c>CancelJob</c>, bound to their exchanges.</summary>
    public const string JobState = "job-state";

    /// <summary>
    /// The same saga, for the runner's requests only (start, complete, renew, requeue). Nothing binds this
    /// queue to an exchange, so a burst of submissions never delays the line (DESIGN.md §6, second trap). One
    /// consumer takes its messages one at a time, in order: a job's outcome sent just before the next start is
    /// recorded first.
    /// </summary>
    public const string JobControl = "job-control";

    /// <summary>The runner's wake-ups; a single active consumer across all worker replicas.</summary>
    public const string JobRunner = "job-runner";

    public static readonly Uri JobControlAddress = new($"queue:{JobControl}?singleactiveconsumer=true");

    /// <summary>
    /// Senders must declare the queue as its consumer does, single active consumer included, or RabbitMQ
    /// refuses the second declaration; the in-memory transport ignores the argument.
    /// </summary>
    public static readonly Uri JobRunnerAddress = new($"queue:{JobRunner}?singleactiveconsumer=true");
}
