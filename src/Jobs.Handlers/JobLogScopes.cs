using Microsoft.Extensions.Logging;

namespace Jobs.Handlers;

/// <summary>
/// The logger scope of everything logged about one job (README, "Logs"): its <c>JobId</c> and <c>StoreId</c>, as
/// properties of every line written inside it, whichever class logs it (the runner, the saga, a handler).
/// </summary>
public static class JobLogScopes
{
    static readonly Func<ILogger, Guid, string, IDisposable?> Scope =
        LoggerMessage.DefineScope<Guid, string>("Job {JobId} of store {StoreId}");

    /// <summary>Begins the scope of <paramref name="jobId"/>; dispose it when the work on the job is over.</summary>
    public static IDisposable? BeginJobScope(this ILogger logger, Guid jobId, string storeId) => Scope(logger, jobId, storeId);
}
