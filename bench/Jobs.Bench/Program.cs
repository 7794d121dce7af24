using Jobs.Bench;
using Jobs.Bench.Peers;
using Jobs.Bench.Roles;

// The benchmark runs its parts as child processes of itself, so that each is measured on its own:
//   (no arguments, or --jobs/--quick/--rows…) the whole run: start the services, every workload, the report
//   worker                                     a Jobs worker with the benchmark's handler
//   remote-handler                             the benchmark's handler in a service of its own, for a worker to send RunJobs to
//   catalog-worker                             a Jobs worker with the catalog's handlers, as src/Jobs.Worker runs it
//   peer hangfire|masstransit …                one variant of a peer, reporting a RESULT line
return args switch
{
    ["worker", ..] => await RunAsync(() => WorkerRole.RunAsync(args[1..])),
    ["remote-handler", ..] => await RunAsync(() => RemoteHandlerRole.RunAsync(args[1..])),
    ["catalog-worker", ..] => await RunAsync(() => CatalogWorkerRole.RunAsync(args[1..])),
    ["peer", "hangfire", .. var rest] => await HangfirePeer.RunAsync(rest),
    ["peer", "masstransit", .. var rest] => await MassTransitJobConsumersPeer.RunAsync(rest),
    _ => await BenchRun.RunAsync(BenchOptions.Parse(args)),
};

static async Task<int> RunAsync(Func<Task> role)
{
    await role();
    return 0;
}
