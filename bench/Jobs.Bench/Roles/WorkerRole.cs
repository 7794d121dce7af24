using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Worker.Handlers;
using Jobs.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Bench.Roles;

/// <summary>
/// <c>worker</c>: the production worker (<see cref="JobsWorkerApplication"/>) with the benchmark's handler for every
/// job type it runs itself.
/// </summary>
static class WorkerRole
{
    public static Task RunAsync(string[] args)
    {
        // The worker refuses to start with an in-process handler for a type it sends to another service
        // (Jobs:Handlers:<type>:Queue), so those types get none; read from where the worker reads its settings.
        var remote = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build()
            .GetSection("Jobs:Handlers").GetChildren().Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return JobsWorkerApplication.Create(args, (services, _) =>
        {
            foreach (var jobType in JobTypes.All.Where(t => !remote.Contains(t)))
                services.AddSingleton<IJobHandler>(new BenchHandler(jobType));
        }).RunAsync(args);
    }
}
