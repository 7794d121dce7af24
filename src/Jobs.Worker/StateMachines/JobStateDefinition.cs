using Jobs.Worker.Telemetry;
using Jobs.Worker.Validation;
using MassTransit;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Endpoint policy of the job saga, applied both on its queue and in the runner's mediator (MassTransit
/// configures registered sagas through their definition in either place).
/// </summary>
sealed class JobStateDefinition : SagaDefinition<JobState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<JobState> sagaConfigurator,
        IRegistrationContext context)
    {
        // Transient failures (a lock wait, a unique-key race between duplicate submissions, a database
        // restart) are retried with backoff; a command that can never succeed is not.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<InvalidJobException>();
            r.Exponential(12, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        });
        // Events, wake-ups and replies leave only after the saga's transaction commits, so nobody hears
        // of a change that could still roll back. Inside the retry: a failed attempt's messages are dropped.
        endpointConfigurator.UseInMemoryOutbox(context);
        sagaConfigurator.UseFilter(new JobLogScopeFilter(context.GetRequiredService<ILogger<JobStateMachine>>()));
    }
}
