namespace Jobs.Worker.Options;

/// <summary>A job type handled in another service: <c>Jobs:Handlers:&lt;type&gt;</c>.</summary>
public sealed class RemoteHandlerOptions
{
    /// <summary>The queue its <c>RunJob</c>s are sent to, which the handling service consumes.</summary>
    public string Queue { get; set; } = "";

    /// <summary>
    /// How long a <c>RunJob</c> may wait for a handler to take it (its first heartbeat): past that it expires from the
    /// queue and the job is offered again, or fails on its last attempt.
    /// </summary>
    public TimeSpan PickupTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
