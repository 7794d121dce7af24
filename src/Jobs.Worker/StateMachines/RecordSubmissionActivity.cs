using System.Diagnostics;
using Jobs.Contracts;
using Jobs.Worker.Persistence;
using Jobs.Worker.Telemetry;
using MassTransit;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Records a new job and gives it its place in its store's line. The place and the created date are taken from
/// the store's <see cref="StoreLine"/> under a lock that lasts until the saga's transaction commits, so the
/// line's order is the order in which its jobs become visible to runners; stores do not wait for each other.
/// </summary>
/// <remarks>Resolved in the message's scope: <paramref name="db"/> is the repository's DbContext and transaction.</remarks>
sealed class RecordSubmissionActivity(JobsDbContext db, TimeProvider clock) : IStateMachineActivity<JobState, SubmitJob>
{
    public async Task Execute(BehaviorContext<JobState, SubmitJob> context, IBehavior<JobState, SubmitJob> next)
    {
        var message = context.Message;
        var line = await db.LockAsync(JobStores.Of(message.StoreId), context.CancellationToken);

        var now = JobStateMachine.Now(clock);
        line.LastSequence++;
        if (now > line.LastCreatedAt)
            line.LastCreatedAt = now;
        line.HasWork = true;

        var job = context.Saga;
        job.Sequence = line.LastSequence;
        job.CreatedAt = line.LastCreatedAt;
        job.UpdatedAt = line.LastCreatedAt;
        job.JobType = message.JobType;
        job.StoreId = line.StoreId;
        job.RequestId = string.IsNullOrWhiteSpace(message.RequestId) ? message.JobId.ToString() : message.RequestId;
        job.Parameters = message.Parameters is null ? [] : new Dictionary<string, string>(message.Parameters);
        // The submission's consume, a child of the submitter's trace: the job's wait, run and outcome join it later.
        job.TraceParent = TraceParents.Of(Activity.Current);

        await next.Execute(context);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<JobState, SubmitJob, TException> context, IBehavior<JobState, SubmitJob> next)
        where TException : Exception =>
        next.Faulted(context);

    public void Probe(ProbeContext context) => context.CreateScope("record-submission");

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);
}
