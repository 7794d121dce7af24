using Jobs.Worker.SagaRepository;
using Jobs.Worker.Running;
using MassTransit;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Announces a change on the bus once the saga's transaction has committed. The saga also runs in-process
/// for the runner (MassTransit's mediator), where a plain Publish would stay in the process; and either way
/// nobody may hear of a change that could still roll back.
/// </summary>
static class PublishAfterCommitExtensions
{
    public static EventActivityBinder<JobState, TMessage> PublishAfterCommit<TMessage, TEvent>(
        this EventActivityBinder<JobState, TMessage> binder,
        Func<BehaviorContext<JobState, TMessage>, TEvent> factory)
        where TMessage : class
        where TEvent : class =>
        binder.OnCommit(c =>
        {
            // Made now, from the saga as this change leaves it; published once the change has committed.
            var message = factory(c);
            return bus => bus.Publish(message);
        });

    /// <summary>
    /// Wakes every worker's runners once the transaction has committed: a line has work. Not persistent: a lost
    /// wake-up is made good by the next sweep.
    /// </summary>
    public static EventActivityBinder<JobState, TMessage> WakeRunnersAfterCommit<TMessage>(this EventActivityBinder<JobState, TMessage> binder)
        where TMessage : class =>
        binder.OnCommit(_ => bus => bus.Publish(new RunJobs(), Transient.Send));

    static EventActivityBinder<JobState, TMessage> OnCommit<TMessage>(
        this EventActivityBinder<JobState, TMessage> binder,
        Func<BehaviorContext<JobState, TMessage>, Func<IBus, Task>> publication)
        where TMessage : class =>
        binder.Then(c =>
        {
            var publish = publication(c);
            var services = c.GetPayload<IServiceProvider>();
            var bus = services.GetRequiredService<IBus>();
            services.GetRequiredService<AfterCommit>().Add(() => publish(bus));
        });
}
