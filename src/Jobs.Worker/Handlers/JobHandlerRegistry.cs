using Jobs.Contracts;
using Jobs.Worker.Options;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Handlers;

/// <summary>
/// Where each job type's work runs: in another service (<c>Jobs:Handlers:&lt;type&gt;:Queue</c>), or in this process
/// by the handler registered in DI for it; with demo handlers enabled, job types that have neither get a
/// <see cref="DemoJobHandler"/>.
/// </summary>
sealed class JobHandlerRegistry
{
    readonly Dictionary<string, IJobHandler> _handlers;
    readonly JobHandlersOptions _routes;

    public JobHandlerRegistry(IEnumerable<IJobHandler> handlers, IOptions<JobHandlersOptions> routes, IOptions<DemoHandlerOptions> demo, TimeProvider clock,
        ILoggerFactory loggers)
    {
        _routes = routes.Value;
        _handlers = new Dictionary<string, IJobHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.JobType, handler))
                throw new InvalidOperationException(
                    $"Two handlers are registered for job type '{handler.JobType}': {_handlers[handler.JobType].GetType().Name} and {handler.GetType().Name}.");
        }

        if (!demo.Value.Enabled)
            return;
        foreach (var jobType in JobTypes.All.Where(t => _routes.RemoteFor(t) is null))
            _handlers.TryAdd(jobType, new DemoJobHandler(jobType, demo, clock, loggers.CreateLogger<DemoJobHandler>()));
    }

    /// <summary>The handler that runs <paramref name="jobType"/> in this process, or null.</summary>
    public IJobHandler? Find(string jobType) => _handlers.GetValueOrDefault(jobType);

    /// <summary>Where <paramref name="jobType"/>'s work goes when another service handles it, or null.</summary>
    public RemoteHandlerOptions? FindRemote(string jobType) => _routes.RemoteFor(jobType);
}
