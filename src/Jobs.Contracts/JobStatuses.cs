namespace Jobs.Contracts;

/// <summary>The statuses a job moves through, spelled as they appear on the wire.</summary>
public static class JobStatuses
{
    /// <summary>Recorded and waiting for its turn.</summary>
    public const string Pending = "pending";

    /// <summary>Cancelled while pending; it never ran.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Running now. At most one job is started at any moment.</summary>
    public const string Started = "started";

    /// <summary>Finished without errors.</summary>
    public const string Success = "success";

    /// <summary>Finished with errors; see the job's errors.</summary>
    public const string Failed = "failed";

    /// <summary>Every status.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, Cancelled, Started, Success, Failed];
}
