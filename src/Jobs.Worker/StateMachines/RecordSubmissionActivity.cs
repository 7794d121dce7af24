using Jobs.Contracts;
using Jobs.Worker.Persistence;
using Jobs.Worker.SagaRepository;
using MassTransit;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Records a new job and gives it its place in line. The place and the created date are taken from
/// <see cref="JobLinePosition"/> under a lock that lasts until the saga's transaction commits, so the
/// line's order is the order in which jobs become visible to the runner.
/// </summary>
/// <remarks>Resolved in the message's scope: <paramref name="db"/> is the repository's DbContext and transaction.</remarks>
sealed class RecordSubmissionActivity(JobsDbContext db, TimeProvider clock) : IStateMachineActivity<JobState, SubmitJob>
{
    public async Task Execute(BehaviorContext<JobState, SubmitJob> context, IBehavior<JobState, SubmitJob> next)
    {
        var position = await db.FindLockedAsync<JobLinePosition>(JobLinePosition.SingletonId, context.CancellationToken)
            ?? throw new InvalidOperationException("The job_line row is missing; the database was not migrated.");

        var now = JobStateMachine.Now(clock);
        position.LastSequence++;
        if (now > position.LastCreatedAt)
            position.LastCreatedAt = now;

        var job = context.Saga;
        var message = context.Message;
        job.Sequence = position.LastSequence;
        job.CreatedAt = position.LastCreatedAt;
        job.UpdatedAt = position.LastCreatedAt;
        job.JobType = message.JobType;
        job.StoreId = message.StoreId;
        job.RequestId = string.IsNullOrWhiteSpace(message.RequestId) ? message.JobId.ToString() : message.RequestId;
        job.Parameters = message.Parameters is null ? [] : new Dictionary<string, string>(message.Parameters);

        await next.Execute(context);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<JobState, SubmitJob, TException> context, IBehavior<JobState, SubmitJob> next)
        where TException : Exception =>
        next.Faulted(context);

    public void Probe(ProbeContext context) => context.CreateScope("record-submission");

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);
}
