using Jobs.Contracts;
using Jobs.Worker.Options;
using Jobs.Worker.Outbox;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using Jobs.Worker.Validation;
using MassTransit;
using Microsoft.Extensions.Options;

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
        Event(() => JobHeartbeat, x =>
        {
            x.CorrelateById(m => m.Message.JobId);
            x.OnMissingInstance(m => m.ExecuteAsync(c =>
            {
                InvalidJobException.ThrowIfInvalid(c.Message);
                return Task.CompletedTask;
            }));
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
                        .ThenAsync(c => Scoped<EarlyCancellations>(c).AnswerAsync(c.Saga.ToSnapshot(), c.CancellationToken))
                        .MeasureAfterCommit((m, job) => m.Submitted(job))
                        .MeasureAfterCommit((m, job) => m.Finished(job)),
                    inLine => inLine
                        .TransitionTo(Pending)
                        .RespondIfRequested(c => new JobSubmitted(c.Saga.ToSnapshot()))
                        .PublishAfterCommit(c => new JobSubmitted(c.Saga.ToSnapshot()))
                        .WakeRunnersAfterCommit()
                        .MeasureAfterCommit((m, job) => m.Submitted(job))));

        During(Pending,
            When(CancelJob, SameStore)
                .Then(c => c.Saga.UpdatedAt = Now(clock))
                .TransitionTo(Cancelled)
                .PublishAfterCommit(c => new JobCancelled(c.Saga.ToSnapshot()))
                .RespondIfRequested(c => new JobCancelled(c.Saga.ToSnapshot()))
                .MeasureAfterCommit((m, job) => m.Finished(job)),
            // The runner waits for this answer before it runs anything: it goes out ahead of the event.
            When(StartJob)
                .Activity(x => x.OfType<LineGuardActivity>())
                .Then(c => c.Saga.Start(c.Message, Now(clock)))
                .TransitionTo(Started)
                .RespondIfRequested(c => new JobStarted(c.Saga.ToSnapshot()))
                // A handler in another service is told in the same transaction: no start without its RunJob. It expires
                // from the queue when the pickup timeout ends, by when the job is offered again.
                .If(c => c.Message.Remote is not null, remote => remote
                    .Then(c => Outbox(c).Send(new Uri($"queue:{c.Message.Remote!.Queue}"), c.Saga.ToRunJob(c.Message.Remote), requestId: null,
                        c.Saga.CorrelationId, expiresAt: Now(clock) + c.Message.Lease)))
                .PublishAfterCommit(c => new JobStarted(c.Saga.ToSnapshot()))
                .MeasureAfterCommit((m, job) => m.Started(job)),
            When(JobCompleted)
                .Then(c => InvalidJobException.ThrowIfInvalid(c.Message))
                .RespondIfRequested(c => new JobCompletionRecorded(c.Saga.ToSnapshot())),
            When(PutJobBackInLine)
                .RespondIfRequested(c => new JobPutBackInLine(c.Saga.ToSnapshot())),
            When(JobHeartbeat)
                .Then(c => InvalidJobException.ThrowIfInvalid(c.Message)),
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
                .Then(c => c.Saga.Beat(c.Message.Lease, c.Message.Progress, fromHandler: false, Now(clock))),
            // A handler in another service keeps its run alive; the first heartbeat says it picked the job up.
            When(JobHeartbeat, c => c.Saga.IsLiveRun(c.Message.Attempt, c.Message.RunId))
                .Then(c => InvalidJobException.ThrowIfInvalid(c.Message))
                .Then(c => c.Saga.Beat(Scoped<IOptions<JobRunnerOptions>>(c).Value.LeaseDuration, c.Message.Progress, fromHandler: true, Now(clock))),
            When(JobHeartbeat, c => !c.Saga.IsLiveRun(c.Message.Attempt, c.Message.RunId))
                .Then(c => InvalidJobException.ThrowIfInvalid(c.Message)),
            // The next job starts once the runner has this answer: it goes out ahead of the event. A remote run's runner
            // is waiting in some worker's slot: it is woken, here at once and elsewhere through the wake-up.
            When(JobCompleted, c => c.Saga.IsLiveRun(c.Message.Attempt, c.Message.RunId))
                .Then(c => InvalidJobException.ThrowIfInvalid(c.Message))
                .Then(c => c.Saga.RecordOutcome(c.Message, Now(clock)))
                .IfElse(c => c.Message.Succeeded,
                    succeeded => succeeded.TransitionTo(Success),
                    failed => failed.TransitionTo(Failed))
                .RespondIfRequested(c => new JobCompletionRecorded(c.Saga.ToSnapshot()))
                .IfElse(c => c.Message.Succeeded,
                    succeeded => succeeded.PublishAfterCommit(c => new JobSucceeded(c.Saga.ToSnapshot())),
                    failed => failed.PublishAfterCommit(c => new JobFailed(c.Saga.ToSnapshot(), c.Saga.Errors)))
                .If(c => c.Saga.HandlerQueue is not null, remote => remote.WakeRunnersAfterCommit())
                .MeasureAfterCommit((m, job) => m.Finished(job)),
            // A completion from a run that was given up (its lease ran out, or it timed out) changes nothing.
            When(JobCompleted, c => !c.Saga.IsLiveRun(c.Message.Attempt, c.Message.RunId))
                .Then(c => InvalidJobException.ThrowIfInvalid(c.Message))
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
                .Then(c => InvalidJobException.ThrowIfInvalid(c.Message))
                .RespondIfRequested(c => new JobCompletionRecorded(c.Saga.ToSnapshot())),
            When(PutJobBackInLine)
                .RespondIfRequested(c => new JobPutBackInLine(c.Saga.ToSnapshot())),
            When(JobHeartbeat)
                .Then(c => InvalidJobException.ThrowIfInvalid(c.Message)),
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

    public Event<JobHeartbeat> JobHeartbeat { get; private set; } = null!;

    /// <summary>A service of the message's scope, which shares the saga repository's DbContext and transaction.</summary>
    static T Scoped<T>(PipeContext context)
        where T : notnull =>
        context.GetPayload<IServiceProvider>().GetRequiredService<T>();

    static JobsOutbox Outbox(PipeContext context) => Scoped<JobsOutbox>(context);

    /// <summary>Timestamps are kept to the millisecond, the precision the API shows and filters on.</summary>
    internal static DateTime Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
