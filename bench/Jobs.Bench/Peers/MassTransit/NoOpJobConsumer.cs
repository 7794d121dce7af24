using MassTransit;

namespace Jobs.Bench.Peers.MassTransit;

/// <summary>Does nothing, so that what is measured is the job service's own cost per job.</summary>
public sealed class NoOpJobConsumer : IJobConsumer<NoOpJob>
{
    public Task Run(JobContext<NoOpJob> context) => Task.CompletedTask;
}
