using MassTransit;

namespace Jobs.Worker.Running;

/// <summary>Passes a wake-up to this worker's idle slots and acknowledges it at once.</summary>
sealed class RunJobsConsumer(RunnerWakeUps wakeUps) : IConsumer<RunJobs>
{
    public Task Consume(ConsumeContext<RunJobs> context)
    {
        wakeUps.Wake();
        return Task.CompletedTask;
    }
}
