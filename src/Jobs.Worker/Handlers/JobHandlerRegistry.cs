namespace Jobs.Worker.Handlers;

/// <summary>Finds the handler for a job type among those registered in DI.</summary>
sealed class JobHandlerRegistry
{
    readonly Dictionary<string, IJobHandler> _handlers;

    public JobHandlerRegistry(IEnumerable<IJobHandler> handlers)
    {
        _handlers = new Dictionary<string, IJobHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.JobType, handler))
                throw new InvalidOperationException(
                    $"Two handlers are registered for job type '{handler.JobType}': {_handlers[handler.JobType].GetType().Name} and {handler.GetType().Name}.");
        }
    }

    public IJobHandler? Find(string jobType) => _handlers.GetValueOrDefault(jobType);
}
