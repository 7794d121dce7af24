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
    }

    public static void RecordOutcome(this JobState job, JobCompleted outcome, DateTime now)
    {
        job.CompletedAt = now;
        job.UpdatedAt = now;
        job.RunId = null;
        job.LeaseExpiresAt = null;
        job.FileLocations = outcome.FileLocations?.ToList();
        job.HierarchyId = outcome.HierarchyId;
        job.Errors = [.. outcome.Errors];
        if (!outcome.Succeeded && job.Errors.Count == 0)
            job.Errors.Add(new JobError(Guid.NewGuid(), "The job failed without reporting an error."));
    }

    public static void PutBackInLine(this JobState job, PutJobBackInLine command, DateTime now)
    {
        job.UpdatedAt = now;
        job.StartedAt = null;
        job.RunId = null;
        job.LeaseExpiresAt = null;
        if (command.ReleaseAttempt)
            job.Attempt--;
    }
}
