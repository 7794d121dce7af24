using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Refuses to start a job while another one is started, whoever asks and however messages arrive. The runner
/// already never asks for that; this makes the database the last word on "one job at a time", even when
/// a worker that lost the runner's queue is still finishing a request. Starts are serialized by a
/// transaction-scoped advisory lock on PostgreSQL (SQLite has one writer at a time anyway), so two starts
/// can never both see a free line.
/// </summary>
/// <remarks>Resolved in the message's scope: <paramref name="db"/> is the repository's DbContext and transaction.</remarks>
sealed class LineGuardActivity(JobsDbContext db) : IStateMachineActivity<JobState, StartJob>
{
    // "JOBSLINE" in ASCII: any constant that nothing else in the database uses as an advisory lock key.
    const long LineLockKey = 0x4A4F42534C494E45;

    public async Task Execute(BehaviorContext<JobState, StartJob> context, IBehavior<JobState, StartJob> next)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LineLockKey})", context.CancellationToken);

        var jobId = context.Saga.CorrelationId;
        var busy = await db.Jobs.AsNoTracking()
            .AnyAsync(x => x.CurrentState == StatusNames.StartedState && x.CorrelationId != jobId, context.CancellationToken);
        if (busy)
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
