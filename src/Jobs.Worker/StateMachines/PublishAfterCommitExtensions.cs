using Jobs.Worker.SagaRepository;
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
}
