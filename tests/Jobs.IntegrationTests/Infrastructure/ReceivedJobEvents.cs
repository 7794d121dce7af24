namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>What a <see cref="JobEventSubscriber"/> received, in queue order, copies of a message sent twice included.</summary>
public sealed class ReceivedJobEvents(IReadOnlyList<JobEvent> all)
{
    /// <summary>The events a job that ran once and succeeded announces, in the order of its changes.</summary>
    public static readonly IReadOnlyList<string> Succeeded = ["JobSubmitted", "JobStarted", "JobSucceeded"];

    readonly ILookup<Guid, JobEvent> _firstCopies = all.DistinctBy(e => e.MessageId).ToLookup(e => e.JobId);

    public IReadOnlyList<JobEvent> All => all;

    /// <summary>How many messages arrived more than once: copies beyond the first, counted by message id.</summary>
    public int Duplicates => all.Count - all.Select(e => e.MessageId).Distinct().Count();

    /// <summary>The types of a job's events in the order they first arrived, each message once.</summary>
    public IReadOnlyList<string> Of(Guid jobId) => [.. _firstCopies[jobId].Select(e => e.Type)];
}
