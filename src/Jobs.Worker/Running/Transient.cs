using MassTransit;

namespace Jobs.Worker.Running;

/// <summary>
/// Messages the broker need not write to disk: requests whose sender waits for the answer and asks again
/// (or answers 503) when none comes, and wake-ups the sweeper repeats. A persistent message on a durable
/// queue is confirmed only once the broker has synced it to disk, a wait the sender would feel on every
/// request; what a broker crash loses here is asked again, never lost.
/// </summary>
public static class Transient
{
    public static void Request<T>(IRequestPipeConfigurator<T> request)
        where T : class =>
        request.UseExecute(context => context.Durable = false);

    public static void Send<T>(SendContext<T> context)
        where T : class =>
        context.Durable = false;
}
