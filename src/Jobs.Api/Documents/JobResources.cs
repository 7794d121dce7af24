using Jobs.Contracts;
using Jobs.Worker.StateMachines;

namespace Jobs.Api.Documents;

/// <summary>Turns the saga's rows into the API's resources.</summary>
static class JobResources
{
    public static JobResource ToResource(this JobState job) => new()
    {
        Id = job.CorrelationId,
        Attributes = new JobAttributes
        {
            Type = job.JobType,
            Status = StatusNames.Status(job.CurrentState),
            CreatedAt = job.CreatedAt,
            UpdatedAt = job.UpdatedAt,
            StartedAt = job.StartedAt,
            CompletedAt = job.CompletedAt,
        },
        Meta = new JobMeta
        {
            JobType = job.JobType,
            XRequestId = job.RequestId,
            CopiedFrom = job.SourceHierarchyId,
            HierarchyId = job.HierarchyId,
            FileLocations = job.FileLocations,
            Filter = job.Filter,
        },
    };

    /// <summary>
    /// A job as the saga's reply to its submission recorded it: pending, whatever has happened since (the
    /// runner may already have started it by the time the row could be read).
    /// </summary>
    public static JobResource ToResource(this JobSnapshot job, SubmitJob command) => new()
    {
        Id = job.JobId,
        Attributes = new JobAttributes
        {
            Type = job.JobType,
            Status = job.Status,
            CreatedAt = job.CreatedAt,
            UpdatedAt = job.UpdatedAt,
            StartedAt = job.StartedAt,
            CompletedAt = job.CompletedAt,
        },
        Meta = new JobMeta
        {
            JobType = job.JobType,
            XRequestId = job.RequestId,
            CopiedFrom = command.HierarchyId,
            Filter = command.Filter,
        },
    };

    public static JobErrorResource ToResource(this JobError error) => new(error.Id, new JobErrorAttributes(error.Message));
}
