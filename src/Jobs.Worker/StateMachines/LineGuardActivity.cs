using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Refuses to start a job while another job of its store is started, whoever asks and however messages arrive.
/// Runners never ask for that; this, and behind it the unique index on started jobs per store, makes the
/// database the last word on "one job at a time per store". Two starts racing in one store meet at that index:
/// the later one fails, is retried, and is refused here.
/// </summary>
/// <remarks>Resolved in the message's scope: <paramref name="db"/> is the repository's DbContext and transaction.</remarks>
sealed class LineGuardActivity(JobsDbContext db) : IStateMachineActivity<JobState, StartJob>
{
    /// <summary>Compiled once: every start asks it, and the query never changes.</summary>
    static readonly Func<JobsDbContext, string, Guid, CancellationToken, Task<bool>> AnotherStarted = EF.CompileAsyncQuery(
        (JobsDbContext db, string storeId, Guid jobId, CancellationToken _) =>
            db.Jobs.Any(x => x.StoreId == storeId && x.CurrentState == StatusNames.StartedState && x.CorrelationId != jobId));

    public async Task Execute(BehaviorContext<JobState, StartJob> context, IBehavior<JobState, StartJob> next)
    {
        var job = context.Saga;
        if (await AnotherStarted(db, job.StoreId, job.CorrelationId, context.CancellationToken))
        {
            // Not calling the next activity ends the event here: the job stays pending.
            await context.RespondIfRequested(new JobNotStartable(context.Saga.ToSnapshot()));
            return;
        }

        await next.Execute(context);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<JobState, StartJob, TException> context, IBehavior<JobState, StartJob> next)
        where TException : Exception =>
        next.Faulted(context);

    public void Probe(ProbeContext context) => context.CreateScope("line-guard");

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);
}
