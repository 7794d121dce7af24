using System.Diagnostics;
using Jobs.Contracts;
using Jobs.Worker.Persistence;
using Jobs.Worker.Telemetry;
using MassTransit;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Records a new job and gives it its place in its store's line and its created date, under the line's lock
/// (<see cref="StoreLines.TakePlaceAsync"/>), held until the saga's transaction commits: no job becomes visible behind
/// one a runner has already started. Submissions to one store share that lock; stores do not wait for each other.
/// </summary>
/// <remarks>Resolved in the message's scope: <paramref name="db"/> is the repository's DbContext and transaction.</remarks>
sealed class RecordSubmissionActivity(JobsDbContext db, TimeProvider clock) : IStateMachineActivity<JobState, SubmitJob>
{
    public async Task Execute(BehaviorContext<JobState, SubmitJob> context, IBehavior<JobState, SubmitJob> next)
    {
        var message = context.Message;
        var storeId = JobStores.Of(message.StoreId);
        var place = await db.TakePlaceAsync(storeId, clock, context.CancellationToken);

        var job = context.Saga;
        job.Sequence = place.Sequence;
        job.CreatedAt = place.CreatedAt;
        job.UpdatedAt = place.CreatedAt;
        job.JobType = message.JobType;
        job.StoreId = storeId;
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
