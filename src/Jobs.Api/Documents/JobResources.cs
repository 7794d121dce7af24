using Jobs.Api.Files;
using Jobs.Api.ReadModel;
using Jobs.Contracts;

namespace Jobs.Api.Documents;

/// <summary>Turns the read model's jobs, and the saga's answers, into the API's resources.</summary>
static class JobResources
{
    /// <summary>A job as the read model has it, its files shown as <paramref name="links"/> makes them.</summary>
    public static JobResource ToResource(this JobView job, JobFileLinks links) => new()
    {
        Id = job.Id,
        Attributes = new JobAttributes
        {
            Type = job.Type,
            Status = job.Status,
            CreatedAt = job.CreatedAt,
            UpdatedAt = job.UpdatedAt,
            StartedAt = job.StartedAt,
            CompletedAt = job.CompletedAt,
        },
        Meta = JobMeta.Of(job.Type, job.RequestId, job.Parameters, job.HierarchyId, links.Show(job.FileLocations), job.Progress),
    };

    /// <summary>
    /// A job as the saga's reply to its submission recorded it: pending (or cancelled, when a cancel came first),
    /// whatever has happened since (the runner may already have started it by the time the row could be read).
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
        Meta = JobMeta.Of(job.JobType, job.RequestId, command.Parameters ?? new Dictionary<string, string>(), hierarchyId: null, fileLocations: null),
    };

    public static JobErrorResource ToResource(this JobError error) => new(error.Id, new JobErrorAttributes(error.Message));
}
