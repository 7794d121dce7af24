namespace Jobs.Handlers;

/// <summary>
/// Does the work of one job type. Register one per type with <c>AddJobHandler&lt;T&gt;()</c>; the runner
/// calls it for each started job of that type, one job at a time.
/// </summary>
public interface IJobHandler
{
    /// <summary>The job type this handler runs, one of <see cref="Jobs.Contracts.JobTypes"/>.</summary>
    string JobType { get; }

    /// <summary>
    /// Runs the job. Return <see cref="JobResult.Failure(string[])"/> for errors the job should report;
    /// an exception fails the job with its message. <paramref name="cancellationToken"/> fires when the
    /// worker shuts down: stop soon and let the job be handed back.
    /// </summary>
    Task<JobResult> RunAsync(JobExecution job, CancellationToken cancellationToken);
}
