using Jobs.Contracts;
using MassTransit;

namespace Jobs.Handlers;

/// <summary>
/// Takes <see cref="RunJob"/> for <typeparamref name="THandler"/> in a service of its own: sends the first heartbeat
/// (Jobs now knows the job was picked up), hands the run to <see cref="RemoteJobRuns"/>, which runs the handler,
/// beats and reports the outcome, and acknowledges the message at once. Register it with
/// <see cref="JobHandlerConsumerExtensions.AddJobHandlerConsumer{THandler}"/>.
/// </summary>
public sealed class JobHandlerConsumer<THandler>(THandler handler, RemoteJobRuns runs) : IConsumer<RunJob>
    where THandler : class, IJobHandler
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RunJob> context)
    {
        var run = context.Message;
        if (run.JobType != handler.JobType)
            throw new InvalidOperationException($"{typeof(THandler).Name} runs {handler.JobType} jobs, not {run.JobType}: check Jobs:Handlers:{run.JobType}:Queue.");
        var reportTo = await context.GetSendEndpoint(run.ReportTo);
        await reportTo.Send(new JobHeartbeat { JobId = run.JobId, Attempt = run.Attempt, RunId = run.RunId }, context.CancellationToken);
        runs.Start(handler, run);
    }
}
