using Jobs.Contracts;
using Jobs.TestWorker;
using Jobs.Worker.Handlers;
using Jobs.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

var runs = Environment.GetEnvironmentVariable("JOBS_TEST_RUNS")
    ?? throw new InvalidOperationException("JOBS_TEST_RUNS must name the folder where runs are recorded.");

var app = JobsWorkerApplication.Create(args, services =>
{
    foreach (var jobType in JobTypes.All)
        services.AddSingleton<IJobHandler>(new ProcessScriptedHandler(jobType, runs));
});
await app.RunAsync(args);
