using MassTransit;

namespace Jobs.Worker.Running;

/// <summary>
/// Wake-ups the broker need not write to disk: the sweeper repeats any that a broker crash loses. A persistent
/// message on a durable queue is confirmed only once the broker has synced it to disk, a wait every submission
/// would feel.
/// </summary>
static class Transient
{
    public static void Send<T>(SendContext<T> context)
        where T : class =>
        context.Durable = false;
}
