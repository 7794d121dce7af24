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

    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next) =>
        RunnerOnly
            ? throw new InvalidJobException($"{typeof(T).Name} is the runner's own message: it is taken only in-process, never from the broker.")
            : next.Send(context);

    public void Probe(ProbeContext context) => context.CreateFilterScope("in-process-only");
}
