using Jobs.Contracts;
using Jobs.Worker.Options;
using Jobs.Worker.Outbox;
using Jobs.Worker.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// Cancels that arrive before their jobs. The saga's queue is consumed concurrently, so a <c>CancelJob</c>
/// published right after its <c>SubmitJob</c> can be handled first; it is kept (<see cref="EarlyCancellation"/>)
/// until the submission arrives, which then records the job as cancelled and answers the canceller, or until the
/// wait runs out and the sweep answers <c>JobNotFound</c> (<see cref="Running.EarlyCancellationExpiry"/>).
/// </summary>
/// <remarks>Resolved in the message's scope: <paramref name="db"/> is the saga repository's DbContext and transaction.</remarks>
sealed class EarlyCancellations(JobsDbContext db, JobsOutbox outbox, IOptions<CancelOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Keeps a cancel whose job is not recorded, inside the saga's transaction. With no wait configured, or for a
    /// store id no store can have, a requester is answered <c>JobNotFound</c> at once instead.
    /// </summary>
    public async Task RecordAsync(ConsumeContext<CancelJob> context)
    {
        var wait = options.Value.WaitForSubmission;
        var storeId = JobStores.Of(context.Message.StoreId);
        if (wait <= TimeSpan.Zero || !JobStores.IsStoreId(storeId))
        {
            await context.RespondIfRequested(new JobNotFound(context.Message.JobId));
            return;
        }

        // Every submission to the store holds its line until it commits. Holding it here exclusively means that a
        // submission of this job has either committed (and is found just below) or will find this cancellation.
        await db.HoldAsync(storeId, context.CancellationToken);
        if (await db.Jobs.AnyAsync(x => x.CorrelationId == context.Message.JobId, context.CancellationToken))
            throw new JobRecordedMeanwhileException(context.Message.JobId);

        var now = JobStateMachine.Now(clock);
        db.EarlyCancellations.Add(new EarlyCancellation
        {
            Id = NewId.NextGuid(),
            JobId = context.Message.JobId,
            StoreId = storeId,
            ReceivedAt = now,
            ExpiresAt = now + wait,
            ResponseAddress = context.ResponseAddress,
            RequestId = context.ResponseAddress is null ? null : context.RequestId,
        });
        await db.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>
    /// True when a cancel for the job being submitted, in its store, arrived before it and is still waiting. One
    /// whose wait has passed is the sweep's to answer <c>JobNotFound</c>, so it no longer applies.
    /// </summary>
    public Task<bool> AnyForAsync(JobState job, CancellationToken cancellationToken)
    {
        var now = JobStateMachine.Now(clock);
        return db.EarlyCancellations.AnyAsync(x => x.JobId == job.CorrelationId && x.StoreId == job.StoreId && x.ExpiresAt > now, cancellationToken);
    }

    /// <summary>
    /// Removes the job's early cancels with the saga's change and, through the outbox once that has committed,
    /// answers each canceller that asked with the job as cancelled.
    /// </summary>
    public async Task AnswerAsync(JobSnapshot cancelled, CancellationToken cancellationToken)
    {
        var now = JobStateMachine.Now(clock);
        var waiting = await db.EarlyCancellations.Where(x => x.JobId == cancelled.JobId && x.StoreId == cancelled.StoreId && x.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        db.EarlyCancellations.RemoveRange(waiting);
        foreach (var cancel in waiting)
        {
            if (cancel.ResponseAddress is { } address)
                outbox.Send(address, new JobCancelled(cancelled), cancel.RequestId, cancelled.JobId);
        }
    }
}

/// <summary>
/// The job a cancel was about to wait for was recorded meanwhile. Retried like any transient failure: the retry
/// finds the job and cancels it the ordinary way.
/// </summary>
sealed class JobRecordedMeanwhileException(Guid jobId) : Exception($"Job {jobId} was recorded while its cancel was being handled; retrying the cancel.");
