using System.Globalization;
using Jobs.Handlers;
using Jobs.Worker.Handlers;

namespace Jobs.Bench.Roles;

/// <summary>The benchmark's handler: returns at once, or after <c>sleep</c> milliseconds when the job asks.</summary>
sealed class BenchHandler(string jobType) : IJobHandler
{
    public string JobType => jobType;

    public async Task<JobResult> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        if (job.Parameters.TryGetValue("sleep", out var sleep))
            await Task.Delay(int.Parse(sleep, CultureInfo.InvariantCulture), cancellationToken);
        return JobResult.Success();
    }
}
