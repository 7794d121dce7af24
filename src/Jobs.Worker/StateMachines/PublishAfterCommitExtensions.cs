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
        binder.Then(c =>
        {
            var message = factory(c);
            var services = c.GetPayload<IServiceProvider>();
            var bus = services.GetRequiredService<IBus>();
            services.GetRequiredService<AfterCommit>().Add(() => bus.Publish(message));
        });

    /// <summary>
    /// Wakes every worker's runners once the transaction has committed: a line has work. Not persistent: a lost
    /// wake-up is made good by the next sweep.
    /// </summary>
    public static EventActivityBinder<JobState, TMessage> WakeRunnersAfterCommit<TMessage>(this EventActivityBinder<JobState, TMessage> binder)
        where TMessage : class =>
        binder.Then(c =>
        {
            var services = c.GetPayload<IServiceProvider>();
            var bus = services.GetRequiredService<IBus>();
            services.GetRequiredService<AfterCommit>().Add(() => bus.Publish(new RunJobs(), Transient.Send));
        });
}
