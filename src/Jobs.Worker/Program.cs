using Jobs.Worker.Hosting;

// The worker registers no catalog handlers: a platform runs its own host with
// JobsWorkerApplication.Create(args, services => services.AddJobHandler<…>()), or turns on Jobs:Demo.
await JobsWorkerApplication.Create(args).RunAsync(args);
