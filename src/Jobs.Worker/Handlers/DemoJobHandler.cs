using Jobs.Contracts;
using Jobs.Worker.Options;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Handlers;

/// <summary>
/// Stands in for a real handler when Jobs runs as a demo (<c>Jobs:Demo:Enabled</c>): waits the configured
/// time and succeeds, without touching any catalog. Exports report a location under <c>example.invalid</c>,
/// a domain that can never resolve, and duplicates report no new hierarchy, so nothing can mistake a demo
/// result for real output. Every run logs a warning saying so.
/// </summary>
sealed partial class DemoJobHandler(string jobType, IOptions<DemoHandlerOptions> options, TimeProvider clock, ILogger<DemoJobHandler> logger)
    : IJobHandler
{
    public string JobType => jobType;

    public async Task<JobResult> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        LogDemo(job.JobId, jobType);
        await Task.Delay(options.Value.Duration, clock, cancellationToken);
        return jobType == JobTypes.ProductExport
            ? JobResult.Success() with { FileLocations = [$"https://example.invalid/demo-exports/{job.JobId}/part_1.csv"] }
            : JobResult.Success();
    }

    [LoggerMessage(LogLevel.Warning, "Demo handler: job {JobId} ({JobType}) succeeds without doing any work (Jobs:Demo:Enabled is true)")]
    partial void LogDemo(Guid jobId, string jobType);
}
