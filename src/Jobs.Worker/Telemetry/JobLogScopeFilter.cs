using Jobs.Contracts;
using Jobs.Worker.StateMachines;
using MassTransit;

namespace Jobs.Worker.Telemetry;

/// <summary>
/// Puts the saga's handling of a message about a job, its activities and whatever they log, in the job's logger scope
/// (<c>JobId</c>, <c>StoreId</c>). A submission's store is still the command's while the job is being recorded.
/// </summary>
sealed class JobLogScopeFilter(ILogger logger) : IFilter<SagaConsumeContext<JobState>>
{
    public async Task Send(SagaConsumeContext<JobState> context, IPipe<SagaConsumeContext<JobState>> next)
    {
        var job = context.Saga;
        var storeId = job.StoreId.Length == 0 && context.TryGetMessage<SubmitJob>(out var submission)
            ? JobStores.Of(submission.Message.StoreId)
            : job.StoreId;
        using var scope = logger.BeginJobScope(job.CorrelationId, storeId);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("job-log-scope");
}
