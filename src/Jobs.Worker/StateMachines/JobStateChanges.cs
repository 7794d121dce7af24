using Jobs.Contracts;
using Jobs.Worker.Running;

namespace Jobs.Worker.StateMachines;

/// <summary>The field changes behind each transition, kept apart so the state machine reads as the rules.</summary>
static class JobStateChanges
{
    public static JobSnapshot ToSnapshot(this JobState job) => new()
    {
        JobId = job.CorrelationId,
        JobType = job.JobType,
        Status = StatusNames.Status(job.CurrentState),
        StoreId = job.StoreId,
        RequestId = job.RequestId,
        CreatedAt = job.CreatedAt,
        UpdatedAt = job.UpdatedAt,
        StartedAt = job.StartedAt,
        CompletedAt = job.CompletedAt,
        Attempt = job.Attempt,
    };

    public static void Start(this JobState job, StartJob command, DateTime now)
    {
        job.Attempt++;
        job.RunId = command.RunId;
        job.StartedAt = now;
        job.UpdatedAt = now;
        job.LeaseExpiresAt = now + command.Lease;
        job.HandlerQueue = command.Remote?.Queue;
        job.HeartbeatAt = null;
        job.Progress = null;
    }

    /// <summary>What a handler in another service is told when its job starts.</summary>
    public static RunJob ToRunJob(this JobState job, RemoteRun remote) => new()
    {
        JobId = job.CorrelationId,
        JobType = job.JobType,
        StoreId = job.StoreId,
        RequestId = string.IsNullOrEmpty(job.RequestId) ? null : job.RequestId,
        Attempt = job.Attempt,
        RunId = job.RunId!.Value,
        Parameters = job.Parameters,
        Lease = remote.Lease,
        ReportTo = remote.ReportTo,
    };

    /// <summary>True when the report names the job's live run: its attempt and its run id.</summary>
    public static bool IsLiveRun(this JobState job, int attempt, Guid runId) => job.RunId == runId && job.Attempt == attempt;

    /// <summary>The run is alive: its lease is renewed, and a handler's heartbeat may bring progress.</summary>
    public static void Beat(this JobState job, TimeSpan lease, JobProgress? progress, bool fromHandler, DateTime now)
    {
        job.LeaseExpiresAt = now + lease;
        if (fromHandler)
            job.HeartbeatAt = now;
        if (progress is not null)
            job.Progress = progress;
    }

    public static void RecordOutcome(this JobState job, JobCompleted outcome, DateTime now)
    {
        job.CompletedAt = now;
        job.UpdatedAt = now;
        job.RunId = null;
        job.LeaseExpiresAt = null;
        job.FileLocations = outcome.FileLocations?.ToList();
        job.HierarchyId = outcome.HierarchyId;
        // A handler in another service may leave error ids out: each error gets one of its own.
        job.Errors = [.. outcome.Errors.Select(e => e.Id == Guid.Empty ? e with { Id = Guid.NewGuid() } : e)];
        if (!outcome.Succeeded && job.Errors.Count == 0)
            job.Errors.Add(new JobError(Guid.NewGuid(), "The job failed without reporting an error."));
    }

    public static void PutBackInLine(this JobState job, PutJobBackInLine command, DateTime now)
    {
        job.UpdatedAt = now;
        job.StartedAt = null;
        job.RunId = null;
        job.LeaseExpiresAt = null;
        job.HandlerQueue = null;
        job.HeartbeatAt = null;
        job.Progress = null;
        if (command.ReleaseAttempt)
            job.Attempt--;
    }
}
