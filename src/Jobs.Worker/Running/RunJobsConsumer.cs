using MassTransit;

namespace Jobs.Worker.Running;

/// <summary>Passes a wake-up to this worker's runner and acknowledges it at once.</summary>
sealed class RunJobsConsumer(JobRunnerLoop runner) : IConsumer<RunJobs>
{
    public Task Consume(ConsumeContext<RunJobs> context)
    {
        runner.Wake();
        return Task.CompletedTask;
    }
}
