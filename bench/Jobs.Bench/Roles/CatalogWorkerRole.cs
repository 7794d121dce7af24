using Jobs.Worker.Hosting;

namespace Jobs.Bench.Roles;

/// <summary>The <c>catalog-worker</c> role: a Jobs worker exactly as <c>src/Jobs.Worker</c> runs it, with the catalog's handlers.</summary>
static class CatalogWorkerRole
{
    public static Task RunAsync(string[] args) =>
        JobsWorkerApplication.Create(args, (services, configuration) => services.AddJobsCatalog(configuration, runJobs: true)).RunAsync(args);
}
