using Jobs.Contracts;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using Jobs.Worker.Validation;
using MassTransit;

namespace Jobs.Worker.StateMachines;

/// <summary>
/// The lifecycle of one job and the only writer of its status (docs/design.md, "The saga"):
/// pending → started → success | failed, pending → cancelled, and the runner's explicit
/// started → pending when a run is abandoned or handed back. A command in a status that does not act on
/// it changes nothing and is answered with the job as it is, so a requester never waits for a timeout.
/// It runs on the bus (other services' commands, on <c>job-state</c>) and in-process for the runner
/// (MassTransit's mediator); the database's row locks keep the two consistent.
/// </summary>
public sealed class JobStateMachine : MassTransitStateMachine<JobState>
{
    public JobStateMachine(TimeProvider clock)
    {
        InstanceState(x => x.CurrentState);

        Event(() => SubmitJob, x => x.CorrelateById(m => m.Message.JobId));
        Event(() => CancelJob, x =>
        {
            x.CorrelateById(m => m.Message.JobId);
            // The job's submission may still be on its way: the cancel waits for it.
            x.OnMissingInstance(m => m.ExecuteAsync(c => Scoped<EarlyCancellations>(c).RecordAsync(c)));
        });
        Event(() => StartJob, x =>
        {
            x.CorrelateById(m => m.Message.JobId);
            x.OnMissingInstance(m => m.ExecuteAsync(c => c.RespondIfRequested(new JobNotFound(c.Message.JobId))));
        });
        Event(() => JobCompleted, x =>
        {
            x.CorrelateById(m => m.Message.JobId);
            x.OnMissingInstance(m => m.ExecuteAsync(c => c.RespondIfRequested(new JobNotFound(c.Message.JobId))));
        });
        Event(() => PutJobBackInLine, x =>
        {
            x.CorrelateById(m => m.Message.JobId);
            x.OnMissingInstance(m => m.ExecuteAsync(c => c.RespondIfRequested(new JobNotFound(c.Message.JobId))));
        });
        Event(() => RenewJobLease, x =>
        {
            x.CorrelateById(m => m.Message.JobId);
            x.OnMissingInstance(m => m.Discard());
        });

        Initially(
            When(SubmitJob)
                // Inside the saga, a rejection is a consumer fault: the requester and the subscribers of
                // Fault<SubmitJob> hear of it, and the new instance is never saved.
                .Then(c => InvalidJobException.ThrowIfInvalid(c.Message))
                .Activity(x => x.OfType<RecordSubmissionActivity>())
                .IfElseAsync(c => Scoped<EarlyCancellations>(c).AnyForAsync(c.Saga, c.CancellationToken),
                    // A cancel for this job arrived first: the job is recorded, and cancelled at once.
                    cancelledFirst => cancelledFirst
                        .TransitionTo(Cancelled)
                        .RespondIfRequested(c => new JobSubmitted(c.Saga.ToSnapshot()))
                        .PublishAfterCommit(c => new JobSubmitted(c.Saga.ToSnapshot()))
                        .PublishAfterCommit(c => new JobCancelled(c.Saga.ToSnapshot()))
                        .ThenAsync(c => Scoped<EarlyCancellations>(c).AnswerAsync(c.Saga.ToSnapshot(), c.CancellationToken)),
                    inLine => inLine
                        .TransitionTo(Pending)
                        .RespondIfRequested(c => new JobSubmitted(c.Saga.ToSnapshot()))
                        .PublishAfterCommit(c => new JobSubmitted(c.Saga.ToSnapshot()))
                        .WakeRunnersAfterCommit()));

        During(Pending,
            When(CancelJob, SameStore)
                .Then(c => c.Saga.UpdatedAt = Now(clock))
                .TransitionTo(Cancelled)
                .PublishAfterCommit(c => new JobCancelled(c.Saga.ToSnapshot()))
                .RespondIfRequested(c => new JobCancelled(c.Saga.ToSnapshot())),
            // The runner waits for this answer before it runs anything: it goes out ahead of the event.
            When(StartJob)
                .Activity(x => x.OfType<LineGuardActivity>())
                .Then(c => c.Saga.Start(c.Message, Now(clock)))
                .TransitionTo(Started)
                .RespondIfRequested(c => new JobStarted(c.Saga.ToSnapshot()))
                .PublishAfterCommit(c => new JobStarted(c.Saga.ToSnapshot())),
            When(JobCompleted)
                .RespondIfRequested(c => new JobCompletionRecorded(c.Saga.ToSnapshot())),
            When(PutJobBackInLine)
                .RespondIfRequested(c => new JobPutBackInLine(c.Saga.ToSnapshot())),
            Ignore(RenewJobLease));

        During(Started,
            When(CancelJob, SameStore)
                .RespondIfRequested(c => new JobNotCancellable(c.Saga.ToSnapshot())),
            // A retried request of the run that holds the job is answered again, never refused: the first
            // answer may have been lost, and refusing would strand the job until its lease expires.
            When(StartJob, c => c.Message.RunId == c.Saga.RunId)
                .RespondIfRequested(c => new JobStarted(c.Saga.ToSnapshot())),
            When(StartJob, c => c.Message.RunId != c.Saga.RunId)
                .RespondIfRequested(c => new JobNotStartable(c.Saga.ToSnapshot())),
            When(RenewJobLease, c => c.Message.RunId == c.Saga.RunId)
                .Then(c => c.Saga.LeaseExpiresAt = Now(clock) + c.Message.Lease),
            // The next job starts once the runner has this answer: it goes out ahead of the event.
            When(JobCompleted, c => c.Message.Attempt is null || c.Message.Attempt == c.Saga.Attempt)
                .Then(c => c.Saga.RecordOutcome(c.Message, Now(clock)))
                .IfElse(c => c.Message.Succeeded,
                    succeeded => succeeded.TransitionTo(Success),
                    failed => failed.TransitionTo(Failed))
                .RespondIfRequested(c => new JobCompletionRecorded(c.Saga.ToSnapshot()))
                .IfElse(c => c.Message.Succeeded,
                    succeeded => succeeded.PublishAfterCommit(c => new JobSucceeded(c.Saga.ToSnapshot())),
                    failed => failed.PublishAfterCommit(c => new JobFailed(c.Saga.ToSnapshot(), c.Saga.Errors))),
            // A completion from an attempt that was given up (its runner lost the lease) changes nothing.
            When(JobCompleted, c => c.Message.Attempt is not null && c.Message.Attempt != c.Saga.Attempt)
                .RespondIfRequested(c => new JobCompletionRecorded(c.Saga.ToSnapshot())),
            When(PutJobBackInLine, c => c.Message.Attempt == c.Saga.Attempt)
                .Then(c => c.Saga.PutBackInLine(c.Message, Now(clock)))
                .ThenAsync(c => Scoped<JobsDbContext>(c).MarkLineHasWorkAsync(c.Saga.StoreId, c.CancellationToken))
                .TransitionTo(Pending)
                .RespondIfRequested(c => new JobPutBackInLine(c.Saga.ToSnapshot()))
                .WakeRunnersAfterCommit(),
            When(PutJobBackInLine, c => c.Message.Attempt != c.Saga.Attempt)
                .RespondIfRequested(c => new JobPutBackInLine(c.Saga.ToSnapshot())));

        During(Success, Failed, Cancelled,
            When(CancelJob, SameStore)
                .RespondIfRequested(c => new JobNotCancellable(c.Saga.ToSnapshot())),
            When(StartJob)
                .RespondIfRequested(c => new JobNotStartable(c.Saga.ToSnapshot())),
            When(JobCompleted)
                .RespondIfRequested(c => new JobCompletionRecorded(c.Saga.ToSnapshot())),
            When(PutJobBackInLine)
                .RespondIfRequested(c => new JobPutBackInLine(c.Saga.ToSnapshot())),
            Ignore(RenewJobLease));

        DuringAny(
            // The job id is the submitter's idempotency key: a second submission changes nothing.
            When(SubmitJob, SameStore)
                .RespondIfRequested(c => new JobAlreadySubmitted(c.Saga.ToSnapshot())),
            // Job ids are UUIDs: another store's use of one is a submitter's mistake, refused without a retry.
            When(SubmitJob, c => !SameStore(c))
                .Then(c => throw new InvalidJobException($"SubmitJob rejected: jobId {c.Message.JobId} is already in use; choose another.")),
            // A store sees only its own jobs: another store's job is not found.
            When(CancelJob, c => !SameStore(c))
                .RespondIfRequested(c => new JobNotFound(c.Message.JobId)));
    }

    static bool SameStore(BehaviorContext<JobState, SubmitJob> context) => JobStores.Of(context.Message.StoreId) == context.Saga.StoreId;

    static bool SameStore(BehaviorContext<JobState, CancelJob> context) => JobStores.Of(context.Message.StoreId) == context.Saga.StoreId;

    public State Pending { get; private set; } = null!;

    public State Started { get; private set; } = null!;

    public State Success { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public State Cancelled { get; private set; } = null!;

    public Event<SubmitJob> SubmitJob { get; private set; } = null!;

    public Event<CancelJob> CancelJob { get; private set; } = null!;

    public Event<StartJob> StartJob { get; private set; } = null!;

    public Event<JobCompleted> JobCompleted { get; private set; } = null!;

    public Event<PutJobBackInLine> PutJobBackInLine { get; private set; } = null!;

    public Event<RenewJobLease> RenewJobLease { get; private set; } = null!;

    /// <summary>A service of the message's scope, which shares the saga repository's DbContext and transaction.</summary>
    static T Scoped<T>(PipeContext context)
        where T : notnull =>
        context.GetPayload<IServiceProvider>().GetRequiredService<T>();

    /// <summary>Timestamps are kept to the millisecond, the precision the API shows and filters on.</summary>
    internal static DateTime Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
