using Jobs.Contracts;
using Jobs.Worker.SagaRepository;
using Jobs.Worker.Telemetry;
using MassTransit;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Counts a change in Jobs' metrics once the saga's transaction has committed, as the change's events are sent: an
/// attempt that rolls back counts nothing, and a command that is retried or delivered again counts once, by the attempt
/// that made the change. The saga sees every change however it came (the bus, HTTP through the bus, the runner
/// in-process, a handler in another service), so nothing is counted anywhere else. Nothing is kept while nobody listens.
/// </summary>
static class MeasureAfterCommitExtensions
{
    /// <summary>Hands <paramref name="measure"/> the job as this change leaves it, after the commit.</summary>
    public static EventActivityBinder<JobState, TMessage> MeasureAfterCommit<TMessage>(
        this EventActivityBinder<JobState, TMessage> binder,
        Action<JobsMetrics, JobSnapshot> measure)
        where TMessage : class =>
        binder.Then(c =>
        {
            var services = c.GetPayload<IServiceProvider>();
            var metrics = services.GetRequiredService<JobsMetrics>();
            if (!metrics.Enabled)
                return;
            var job = c.Saga.ToSnapshot();
            services.GetRequiredService<AfterCommit>().Add(() =>
            {
                measure(metrics, job);
                return Task.CompletedTask;
            });
        });
}
