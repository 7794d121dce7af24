using Jobs.Contracts;
using MassTransit;

namespace Jobs.Handlers;

/// <summary>
/// Turns what a handler did into the run's <see cref="JobCompleted"/>, the same way in a Jobs worker and in a service
/// of its own: its result, or the exception it threw. A result past a limit (<see cref="JobReportRules"/>) fails the
/// job with the reason, rather than have the saga refuse the report and the job wait for its lease.
/// </summary>
public static class JobOutcomes
{
    /// <summary>The completion reporting <paramref name="result"/>.</summary>
    public static JobCompleted FromResult(JobExecution job, Guid runId, JobResult result)
    {
        var problems = JobReportRules.CheckOutcome(result.Errors, result.FileLocations);
        if (problems.Count > 0)
            return Failed(job, runId, $"The {job.JobType} handler reported an outcome Jobs cannot record: {string.Join(" ", problems)}");
        return new JobCompleted
        {
            JobId = job.JobId,
            Attempt = job.Attempt,
            RunId = runId,
            Succeeded = result.Succeeded,
            Errors = [.. result.Errors.Select(e => new JobError(NewId.NextGuid(), e))],
            FileLocations = result.FileLocations,
            HierarchyId = result.HierarchyId,
        };
    }

    /// <summary>The completion of a handler that threw: the job fails with the exception's message.</summary>
    public static JobCompleted FromException(JobExecution job, Guid runId, Exception exception) =>
        Failed(job, runId, Shorten($"The {job.JobType} handler failed: {exception.Message}"));

    /// <summary>A failed completion with one error.</summary>
    public static JobCompleted Failed(JobExecution job, Guid runId, string error) => new()
    {
        JobId = job.JobId,
        Attempt = job.Attempt,
        RunId = runId,
        Succeeded = false,
        Errors = [new JobError(NewId.NextGuid(), Shorten(error))],
    };

    static string Shorten(string error) =>
        error.Length <= JobLimits.MaxErrorMessageLength ? error : $"{error[..(JobLimits.MaxErrorMessageLength - 3)]}...";
}
