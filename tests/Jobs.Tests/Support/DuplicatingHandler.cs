using System.Security.Cryptography;
using System.Text;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Worker.Handlers;

namespace Jobs.Tests.Support;

/// <summary>A hierarchy-duplicate handler whose result is computed from everything it was given.</summary>
public sealed class DuplicatingHandler : IJobHandler
{
    public string JobType => JobTypes.HierarchyDuplicate;

    public static Guid NewHierarchy(Guid source, string? store, string? name, int attempt) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{source}|{store}|{name}|{attempt}"))[..16]);

    public Task<JobResult> RunAsync(JobExecution job, CancellationToken cancellationToken) =>
        Task.FromResult(JobResult.Success() with
        {
            HierarchyId = NewHierarchy(job.UuidParameter(JobParameters.CopiedFrom)!.Value, job.StoreId, job.Parameters.GetValueOrDefault("name"), job.Attempt),
        });
}
