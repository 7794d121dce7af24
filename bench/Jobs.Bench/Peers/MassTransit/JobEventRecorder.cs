using MassTransit;
using MassTransit.Contracts.JobService;

namespace Jobs.Bench.Peers.MassTransit;

/// <summary>
/// Subscribes to the events the job saga publishes for every job and hands them to the <see cref="JobTimeline"/>.
/// </summary>
sealed class JobEventRecorder(JobTimeline timeline) :
    IConsumer<JobStarted>,
    IConsumer<JobCompleted>,
    IConsumer<JobFaulted>,
    IConsumer<JobCanceled>
{
    public Task Consume(ConsumeContext<JobStarted> context)
    {
        timeline.Started(context.Message.JobId, context.Message.Timestamp);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<JobCompleted> context)
    {
        timeline.Completed(context.Message.JobId, context.Message.Timestamp);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<JobFaulted> context)
    {
        timeline.Failed(context.Message.JobId, $"faulted: {context.Message.Exceptions?.Message}");
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<JobCanceled> context)
    {
        timeline.Failed(context.Message.JobId, $"canceled: {context.Message.Reason}");
        return Task.CompletedTask;
    }
}
