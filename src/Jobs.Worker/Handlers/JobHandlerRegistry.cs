using Jobs.Contracts;
using Jobs.Worker.Options;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Handlers;

/// <summary>
/// Finds the handler for a job type among those registered in DI; with demo handlers enabled, job types
/// that have no handler of their own get a <see cref="DemoJobHandler"/>.
/// </summary>
sealed class JobHandlerRegistry
{
    readonly Dictionary<string, IJobHandler> _handlers;

    public JobHandlerRegistry(IEnumerable<IJobHandler> handlers, IOptions<DemoHandlerOptions> demo, TimeProvider clock, ILoggerFactory loggers)
    {
        _handlers = new Dictionary<string, IJobHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.JobType, handler))
                throw new InvalidOperationException(
                    $"Two handlers are registered for job type '{handler.JobType}': {_handlers[handler.JobType].GetType().Name} and {handler.GetType().Name}.");
        }

        if (!demo.Value.Enabled)
            return;
        foreach (var jobType in JobTypes.All)
            _handlers.TryAdd(jobType, new DemoJobHandler(jobType, demo, clock, loggers.CreateLogger<DemoJobHandler>()));
    }

    public IJobHandler? Find(string jobType) => _handlers.GetValueOrDefault(jobType);
}
