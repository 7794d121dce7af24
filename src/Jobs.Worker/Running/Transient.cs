using MassTransit;

namespace Jobs.Worker.Running;

/// <summary>
/// Messages the broker need not write to disk: requests whose sender waits for the answer and asks again
/// (or answers 503) when none comes, and wake-ups the sweeper repeats. A persistent message on a durable
/// queue is confirmed only once the broker has synced it to disk, and that wait would sit between one job and
/// the next; what is lost in a broker crash here is asked again, never lost.
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
