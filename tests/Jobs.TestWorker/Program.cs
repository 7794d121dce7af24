using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.TestWorker;
using Jobs.Worker.Handlers;
using Jobs.Worker.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

var runs = Environment.GetEnvironmentVariable("JOBS_TEST_RUNS")
    ?? throw new InvalidOperationException("JOBS_TEST_RUNS must name the folder where runs are recorded.");
var killBeforePublish = Environment.GetEnvironmentVariable(KillBeforePublish.Variable);

var app = JobsWorkerApplication.Create(args, (services, _) =>
{
    foreach (var jobType in JobTypes.All)
        services.AddSingleton<IJobHandler>(new ProcessScriptedHandler(jobType, runs));
    if (!string.IsNullOrEmpty(killBeforePublish))
        services.AddPublishObserver(_ => new KillBeforePublish(killBeforePublish));
});
await app.RunAsync(args);
