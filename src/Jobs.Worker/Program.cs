using Jobs.Worker.Hosting;

// The catalog's handlers run every job type not sent to another service (Jobs:Handlers:<type>:Queue). A platform with
// handlers of its own runs its own host: JobsWorkerApplication.Create(args, (services, _) => services.AddJobHandler<…>()).
await JobsWorkerApplication.Create(args, (services, configuration) => services.AddJobsCatalog(configuration, runJobs: true)).RunAsync(args);
