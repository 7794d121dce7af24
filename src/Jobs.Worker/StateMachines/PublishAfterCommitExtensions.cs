using Jobs.Worker.Outbox;
using Jobs.Worker.Running;
using Jobs.Worker.SagaRepository;
using MassTransit;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Announces a change on the bus once the saga's transaction has committed, through the outbox: the message is
/// written with the change, in the same transaction, and delivered after the commit (docs/design.md, "The outbox").
/// Nobody hears of a change that could still roll back, and no committed change goes unannounced, whether the saga
/// ran on the bus or in-process for the runner (MassTransit's mediator, where a plain Publish would stay in the process).
/// </summary>
static class PublishAfterCommitExtensions
{
    /// <summary>Publishes the event made by <paramref name="factory"/> from the saga as this change leaves it.</summary>
    public static EventActivityBinder<JobState, TMessage> PublishAfterCommit<TMessage, TEvent>(
        this EventActivityBinder<JobState, TMessage> binder,
        Func<BehaviorContext<JobState, TMessage>, TEvent> factory)
        where TMessage : class
        where TEvent : class =>
        binder.Then(c => Outbox(c).Publish(factory(c), c.Saga.CorrelationId));

    /// <summary>
    /// Wakes every worker's runners: a line has work, or a remote run ended. This process's slots are woken as soon as
    /// the change commits; every worker's (this one's again, harmlessly) by <see cref="RunJobs"/> through the outbox. Not
    /// persistent on the broker and in no order with the job's events: a wake-up a broker crash loses is made good by
    /// the next sweep, or by the waiting slot's own look at the job when the run's lease is due.
    /// </summary>
    public static EventActivityBinder<JobState, TMessage> WakeRunnersAfterCommit<TMessage>(this EventActivityBinder<JobState, TMessage> binder)
        where TMessage : class =>
        binder.Then(c =>
        {
            Outbox(c).Publish(new RunJobs(), jobId: null, durable: false);
            var services = c.GetPayload<IServiceProvider>();
            var wakeUps = services.GetRequiredService<RunnerWakeUps>();
            services.GetRequiredService<AfterCommit>().Add(() =>
            {
                wakeUps.Wake();
                return Task.CompletedTask;
            });
        });

    /// <summary>The outbox of the message's scope, which shares the saga repository's DbContext and transaction.</summary>
    static JobsOutbox Outbox(PipeContext context) => context.GetPayload<IServiceProvider>().GetRequiredService<JobsOutbox>();
}
