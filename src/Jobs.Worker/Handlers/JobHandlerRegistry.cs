using Jobs.Worker.Options;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Handlers;

/// <summary>
/// Where each job type's work runs: in another service (<c>Jobs:Handlers:&lt;type&gt;:Queue</c>), or in this process
/// by the handler registered in DI for it (the catalog's, or a platform's own).
/// </summary>
sealed class JobHandlerRegistry
{
    readonly Dictionary<string, IJobHandler> _handlers;
    readonly JobHandlersOptions _routes;

    public JobHandlerRegistry(IEnumerable<IJobHandler> handlers, IOptions<JobHandlersOptions> routes)
    {
        _routes = routes.Value;
        _handlers = new Dictionary<string, IJobHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.JobType, handler))
                throw new InvalidOperationException(
                    $"Two handlers are registered for job type '{handler.JobType}': {_handlers[handler.JobType].GetType().Name} and {handler.GetType().Name}.");
        }
    }

    /// <summary>The handler that runs <paramref name="jobType"/> in this process, or null.</summary>
    public IJobHandler? Find(string jobType) => _handlers.GetValueOrDefault(jobType);

    /// <summary>Where <paramref name="jobType"/>'s work goes when another service handles it, or null.</summary>
    public RemoteHandlerOptions? FindRemote(string jobType) => _routes.RemoteFor(jobType);
}
