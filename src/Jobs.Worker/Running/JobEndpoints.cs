namespace Jobs.Worker.Running;

/// <summary>The queues Jobs owns. Operators see these names in RabbitMQ.</summary>
public static class JobEndpoints
{
    /// <summary>The saga's queue: <c>SubmitJob</c>, <c>CancelJob</c> and <c>JobCompleted</c>, bound to their exchanges.</summary>
    public const string JobState = "job-state";

    public static readonly Uri JobStateAddress = new($"queue:{JobState}");

    /// <summary>The runner's wake-ups; a single active consumer across all worker replicas.</summary>
    public const string JobRunner = "job-runner";

    /// <summary>
    /// Senders must declare the queue as its consumer does, single active consumer included, or RabbitMQ
    /// refuses the second declaration; the in-memory transport ignores the argument.
    /// </summary>
    public static readonly Uri JobRunnerAddress = new($"queue:{JobRunner}?singleactiveconsumer=true");
}
