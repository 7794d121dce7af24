using Jobs.Worker.Validation;
using MassTransit;

namespace Jobs.Worker.Running;

/// <summary>
/// Refuses the runner's own messages (<see cref="StartJob"/>, <see cref="RenewJobLease"/>,
/// <see cref="PutJobBackInLine"/>) when they come from the broker: the runner sends them in-process, and anyone
/// with broker access could otherwise start a job with any lease and hold a line. Such a message faults at once
/// and changes nothing; every other message passes.
/// </summary>
sealed class InProcessOnlyFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    static readonly bool RunnerOnly = typeof(T) == typeof(StartJob) || typeof(T) == typeof(RenewJobLease) || typeof(T) == typeof(PutJobBackInLine);

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (!RunnerOnly)
        {
            await next.Send(context);
            return;
        }

        var refused = new InvalidJobException($"{typeof(T).Name} is the runner's own message: it is taken only in-process, never from the broker.");
        // Refused ahead of the saga, whose pipe would otherwise have reported the fault: left to the receive pipe, the
        // fault would be a bare ReceiveFault, which a requester does not recognise (it waits out its timeout) and no
        // subscriber of Fault<T> hears. So the Fault<T> goes out here; the message then goes to the error queue.
        await context.NotifyFaulted(context, TimeSpan.Zero, nameof(InProcessOnlyFilter<T>), refused);
        throw refused;
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("in-process-only");
}
