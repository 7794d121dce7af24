using MassTransit;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Replies only to requests. MassTransit publishes a response that has no response address, and the
/// saga's replies (JobCancelled, JobStarted, …) must not reach subscribers a second time that way.
/// </summary>
static class RespondIfRequestedExtensions
{
    public static Task RespondIfRequested<T>(this ConsumeContext context, T response)
        where T : class =>
        context.ResponseAddress is null ? Task.CompletedTask : context.RespondAsync(response);

    public static EventActivityBinder<JobState, TMessage> RespondIfRequested<TMessage, TResponse>(
        this EventActivityBinder<JobState, TMessage> binder,
        Func<BehaviorContext<JobState, TMessage>, TResponse> response)
        where TMessage : class
        where TResponse : class =>
        binder.ThenAsync(c => c.RespondIfRequested(response(c)));
}
