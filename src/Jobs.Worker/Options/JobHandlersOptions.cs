namespace Jobs.Worker.Options;

/// <summary>
/// Where each job type's work runs. Section <c>Jobs:Handlers</c>, one entry per type handled in another service:
/// <code>
/// { "Jobs": { "Handlers": { "product-import": { "Queue": "catalog-product-import", "PickupTimeout": "00:05:00" } } } }
/// </code>
/// A type without an entry runs in the worker's process, with its <c>IJobHandler</c>.
/// </summary>
public sealed class JobHandlersOptions
{
    public const string SectionName = "Jobs:Handlers";

    /// <summary>The job types handled in other services, by type name.</summary>
    public Dictionary<string, RemoteHandlerOptions> Remote { get; } = new(StringComparer.Ordinal);

    /// <summary>Where <paramref name="jobType"/>'s work goes when another service handles it; null when it runs in-process.</summary>
    public RemoteHandlerOptions? RemoteFor(string jobType) => Remote.GetValueOrDefault(jobType);
}
