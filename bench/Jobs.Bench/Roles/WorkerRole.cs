using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Worker.Handlers;
using Jobs.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Bench.Roles;

/// <summary><c>worker</c>: the production worker (<see cref="JobsWorkerApplication"/>) with the benchmark's handler.</summary>
static class WorkerRole
{
    public static Task RunAsync(string[] args) =>
        JobsWorkerApplication.Create(args, services =>
        {
            foreach (var jobType in JobTypes.All)
                services.AddSingleton<IJobHandler>(new BenchHandler(jobType));
        }).RunAsync(args);
}
