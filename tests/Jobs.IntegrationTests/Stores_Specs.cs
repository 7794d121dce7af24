using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
using MassTransit;

namespace Jobs.IntegrationTests;

/// <summary>
/// One line per store, on real RabbitMQ and PostgreSQL with worker processes: within a store, jobs run one at a time
/// in created order; stores do not wait for each other; a store with a backlog does not starve another; a killed
/// worker's lines all resume elsewhere in order; and the runner's own messages are refused from the broker.
/// </summary>
[Trait("Category", "Faults")]
public sealed class Stores_Specs(TestServices services)
{
    static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_stores_jobs_run_once_one_at_a_time_in_created_order_across_two_workers_and_concurrent_submitters()
    {
        const int PerStore = 30;
        const int Submitters = 6;
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var first = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var second = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        string[] stores = ["store-a", "store-b", "store-c"];
        // Interleaved across the stores: submitter p takes every sixth job, so each submitter feeds every store.
        var jobs = Enumerable.Range(0, PerStore * stores.Length).Select(i => (JobId: NewId.NextGuid(), Store: stores[i % stores.Length])).ToList();

        var submitters = await Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!)));
        try
        {
            await Task.WhenAll(submitters.Select(async (submitter, p) =>
            {
                foreach (var (jobId, store) in jobs.Where((_, i) => i % Submitters == p))
                    await submitter.Bus.Publish(Job(jobId, store, "sleep:20"), Ct);
            }));
        }
        finally
        {
            foreach (var submitter in submitters)
                await submitter.DisposeAsync();
        }

        var finished = await database.WaitUntilFinishedAsync([.. jobs.Select(x => x.JobId)], TimeSpan.FromMinutes(5));

        Assert.All(finished, job => Assert.Equal(JobStatuses.Success, StatusNames.Status(job.CurrentState)));
        Assert.All(finished, job => Assert.Equal(1, job.Attempt));
        var ran = runs.All();
        Assert.Equal(jobs.Count, ran.Count);
        Assert.Equal(jobs.Count, ran.Select(r => r.JobId).Distinct().Count());
        foreach (var store in stores)
        {
            var line = finished.Where(x => x.StoreId == store).OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence).ToList();
            Assert.Equal(PerStore, line.Select(x => x.Sequence).Distinct().Count());
            Assert.Equal(line.Select(x => x.CorrelationId), line.OrderBy(x => x.StartedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId));
            var storeRuns = ran.Where(r => line.Any(x => x.CorrelationId == r.JobId)).ToList();
            Assert.Equal(line.Select(x => x.CorrelationId), storeRuns.Select(r => r.JobId));
            for (var i = 1; i < line.Count; i++)
            {
                Assert.True(line[i].StartedAt >= line[i - 1].CompletedAt,
                    $"in {store}, job {line[i].CorrelationId} started at {line[i].StartedAt:O}, before {line[i - 1].CorrelationId} completed at {line[i - 1].CompletedAt:O}");
                Assert.True(storeRuns[i].StartedAt >= storeRuns[i - 1].EndedAt,
                    $"in {store}, the run of {storeRuns[i].JobId} began at {storeRuns[i].StartedAt:O}, before the run of {storeRuns[i - 1].JobId} ended at {storeRuns[i - 1].EndedAt:O}");
            }
        }
    }

    [Fact]
    public async Task A_stores_job_finishes_while_another_stores_long_job_runs()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var (longJob, quickJob) = (Guid.NewGuid(), Guid.NewGuid());
        await SubmitAsync(client, Job(longJob, "store-a", $"wait-file:{runs.ReleaseFile(longJob)}"));
        await Eventually.HoldsAsync(() => runs.Of(longJob).Count == 1, HangGuard, () => "store-a's long job to start");

        await SubmitAsync(client, Job(quickJob, "store-b", "succeed"));

        await database.WaitForStatusAsync(quickJob, JobStatuses.Success, HangGuard);
        Assert.Equal(JobStatuses.Started, StatusNames.Status((await database.FindAsync(longJob))!.CurrentState));
        Assert.Null(Assert.Single(runs.Of(longJob)).EndedAt);
        runs.Release(longJob);
        await database.WaitForStatusAsync(longJob, JobStatuses.Success, HangGuard);
        Assert.Single(runs.Of(quickJob));
    }

    [Fact]
    public async Task With_one_slot_a_store_behind_a_backlog_gets_its_turn_after_at_most_one_more_job_of_the_backlog()
    {
        const int Backlog = 200;
        var environment = new Dictionary<string, string?>(await services.NewEnvironmentAsync()) { ["Jobs:Runner:MaxConcurrentLines"] = "1" };
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        // Store A: two gated jobs, then a backlog of quick ones. The gates decide when A's jobs finish, so the turn
        // store B gets is decided by the runner alone, not by how fast either side happens to be.
        var (runningA, nextA, waitingB) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var backlog = Enumerable.Range(0, Backlog).Select(_ => NewId.NextGuid()).ToList();
        await SubmitAsync(client, Job(runningA, "store-a", $"wait-file:{runs.ReleaseFile(runningA)}"));
        await SubmitAsync(client, Job(nextA, "store-a", $"wait-file:{runs.ReleaseFile(nextA)}"));
        await Task.WhenAll(backlog.Select(jobId => SubmitAsync(client, Job(jobId, "store-a", "succeed"))));
        await Eventually.HoldsAsync(() => runs.Of(runningA).Count == 1, HangGuard, () => "store-a's first job to start");

        // Submitted while the only slot runs store A: B's job must come next, ahead of the rest of A's line.
        await SubmitAsync(client, Job(waitingB, "store-b", "succeed"));
        runs.Release(runningA);
        await Eventually.HoldsAsync(() => runs.Of(nextA).Count == 1, HangGuard, () => "store-a's second job to start");

        var turnOfB = Assert.Single(runs.Of(waitingB));
        Assert.True(turnOfB.EndedAt is { } ended && ended <= runs.Of(nextA)[0].StartedAt,
            "store-b's job did not run between store-a's first and second jobs: the slot stayed with store-a's backlog");
        Assert.Equal(JobStatuses.Success, StatusNames.Status((await database.FindAsync(waitingB))!.CurrentState));
        runs.Release(nextA);
        var lineOfA = await database.WaitUntilFinishedAsync([runningA, nextA, .. backlog], TimeSpan.FromMinutes(3));
        Assert.All(lineOfA, job => Assert.Equal(JobStatuses.Success, StatusNames.Status(job.CurrentState)));
        Assert.Equal(lineOfA.OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId), runs.All().Where(r => r.JobId != waitingB).Select(r => r.JobId));
    }

    [Fact]
    public async Task Every_line_of_a_worker_killed_mid_jobs_resumes_in_the_other_worker_in_order()
    {
        var environment = Fast(await services.NewEnvironmentAsync());
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        string[] stores = ["store-a", "store-b", "store-c"];
        var heads = stores.ToDictionary(store => store, _ => Guid.NewGuid());
        var nexts = stores.ToDictionary(store => store, _ => Guid.NewGuid());
        await using var crashing = await ServiceProcess.StartTestWorkerAsync(new Dictionary<string, string?>(environment) { ["Jobs:Runner:MaxConcurrentLines"] = "3" }, runs);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        foreach (var store in stores)
        {
            await SubmitAsync(client, Job(heads[store], store, $"wait-file:{runs.ReleaseFile(heads[store])}"));
            await SubmitAsync(client, Job(nexts[store], store, "succeed"));
        }

        await Eventually.HoldsAsync(() => stores.All(store => runs.Of(heads[store]).Count == 1), HangGuard, () => "the three stores' first jobs to start");
        // Started only now, so that all three lines are certain to be running in the worker about to be killed.
        await using var survivor = await ServiceProcess.StartTestWorkerAsync(environment, runs);

        await crashing.KillAsync();
        var leaseExpiries = new Dictionary<string, DateTime>();
        foreach (var store in stores)
            leaseExpiries[store] = (await database.FindAsync(heads[store]))!.LeaseExpiresAt!.Value;
        foreach (var store in stores)
            runs.Release(heads[store]);

        foreach (var store in stores)
        {
            var recovered = await database.WaitForStatusAsync(heads[store], JobStatuses.Success, HangGuard);
            var after = await database.WaitForStatusAsync(nexts[store], JobStatuses.Success, HangGuard);
            Assert.Equal(2, recovered.Attempt);
            Assert.Equal([1, 2], runs.Of(heads[store]).Select(r => r.Attempt));
            Assert.Equal(crashing.ProcessId, runs.Of(heads[store])[0].ProcessId);
            Assert.Equal(survivor.ProcessId, runs.Of(heads[store])[1].ProcessId);
            Assert.True(recovered.StartedAt >= leaseExpiries[store],
                $"{store}'s job restarted at {recovered.StartedAt:O}, before its lease expired at {leaseExpiries[store]:O}");
            Assert.True(after.StartedAt >= recovered.CompletedAt, $"{store}'s next job started before the recovered one finished");
            Assert.Equal(survivor.ProcessId, Assert.Single(runs.Of(nexts[store])).ProcessId);
        }
    }

    [Fact]
    public async Task The_runners_own_messages_from_the_broker_fault_and_change_nothing_and_stores_see_only_their_own_jobs()
    {
        // One slot, held by a gated job of store-a: store-b's job stays pending, yet nothing in its own line stops it
        // from starting, so only the refusal keeps a StartJob from the broker from starting it.
        var environment = new Dictionary<string, string?>(await services.NewEnvironmentAsync()) { ["Jobs:Runner:MaxConcurrentLines"] = "1" };
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var (running, pending) = (Guid.NewGuid(), Guid.NewGuid());
        await SubmitAsync(client, Job(running, "store-a", $"wait-file:{runs.ReleaseFile(running)}"));
        await Eventually.HoldsAsync(() => runs.Of(running).Count == 1, HangGuard, () => "store-a's job to start");
        await SubmitAsync(client, Job(pending, "store-b", "succeed"));
        var held = (await database.FindAsync(running))!;
        var waiting = (await database.FindAsync(pending))!;
        var publishedFault = new TaskCompletionSource<Fault<StartJob>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var faults = client.Bus.ConnectReceiveEndpoint(e => e.Handler<Fault<StartJob>>(c =>
        {
            if (c.Message.Message.JobId == pending)
                publishedFault.TrySetResult(c.Message);
            return Task.CompletedTask;
        }));
        await faults.Ready;

        var startRefused = await RefusedAsync(client, new StartJob(pending, Guid.NewGuid(), TimeSpan.FromDays(1)));
        var renewRefused = await RefusedAsync(client, new RenewJobLease(running, held.RunId!.Value, TimeSpan.FromDays(1)));
        var putBackRefused = await RefusedAsync(client, new PutJobBackInLine(running, held.Attempt, ReleaseAttempt: true));
        await client.Bus.Publish(new StartJob(pending, Guid.NewGuid(), TimeSpan.FromDays(1)), Ct);
        var published = await publishedFault.Task.WaitAsync(HangGuard, Ct);

        Assert.All(new[] { startRefused, renewRefused, putBackRefused, published.Exceptions[0].Message },
            reason => Assert.Contains("is the runner's own message", reason, StringComparison.Ordinal));
        var stillRunning = (await database.FindAsync(running))!;
        Assert.Equal(JobStatuses.Started, StatusNames.Status(stillRunning.CurrentState));
        Assert.Equal((held.RunId, held.Attempt), (stillRunning.RunId, stillRunning.Attempt));
        Assert.True(stillRunning.LeaseExpiresAt < DateTime.UtcNow.AddHours(1), $"the lease was extended to {stillRunning.LeaseExpiresAt:O}");
        var stillPending = (await database.FindAsync(pending))!;
        Assert.Equal(JobStatuses.Pending, StatusNames.Status(stillPending.CurrentState));
        Assert.Equal((0, (Guid?)null, (DateTime?)null), (stillPending.Attempt, stillPending.RunId, stillPending.StartedAt));
        Assert.Empty(runs.Of(pending));

        // A store sees only its own jobs: another store's cancel is not found, its reuse of the id is refused.
        var cancelFromElsewhere = await client.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(pending, "store-c"), Ct);
        Assert.True(cancelFromElsewhere.Is(out Response<JobNotFound>? _), $"another store's cancel was answered {cancelFromElsewhere.Message.GetType().Name}");
        var reuse = await Assert.ThrowsAsync<RequestFaultException>(() =>
            client.Client<SubmitJob>().GetResponse<JobSubmitted, JobAlreadySubmitted>(Job(pending, "store-c", "succeed"), Ct));
        Assert.Contains($"jobId {pending} is already in use", Assert.Single(reuse.Fault!.Exceptions).InnerException!.Message, StringComparison.Ordinal);
        var untouched = (await database.FindAsync(pending))!;
        Assert.Equal(("store-b", JobStatuses.Pending, waiting.Sequence, waiting.UpdatedAt), (untouched.StoreId, StatusNames.Status(untouched.CurrentState), untouched.Sequence, untouched.UpdatedAt));

        // The commands other services send still work.
        var cancelled = Guid.NewGuid();
        await SubmitAsync(client, Job(cancelled, "store-b", "succeed"));
        var cancel = await client.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(cancelled, "store-b"), Ct);
        Assert.True(cancel.Is(out Response<JobCancelled>? _), $"the store's own cancel was answered {cancel.Message.GetType().Name}");

        runs.Release(running);
        var ranAfterAll = await database.WaitForStatusAsync(pending, JobStatuses.Success, HangGuard);
        Assert.Equal(1, ranAfterAll.Attempt);
        Assert.Single(runs.Of(pending));
        Assert.Empty(runs.Of(cancelled));
    }

    /// <summary>Sends a runner's message to the saga's queue as a request; answers the reason of the fault it must get back.</summary>
    static async Task<string> RefusedAsync<T>(ClientBus client, T message)
        where T : class
    {
        var fault = await Assert.ThrowsAsync<RequestFaultException>(() => client.Client<T>().GetResponse<JobStarted, JobPutBackInLine, JobNotFound>(message, Ct));
        return fault.Fault!.Exceptions[0].Message;
    }

    static SubmitJob Job(Guid jobId, string store, string behavior) => new()
    {
        JobId = jobId,
        JobType = JobTypes.ProductExport,
        StoreId = store,
        Parameters = new Dictionary<string, string> { ["behavior"] = behavior },
    };

    static Task SubmitAsync(ClientBus client, SubmitJob job) => client.Client<SubmitJob>().GetResponse<JobSubmitted>(job, Ct);

    static Dictionary<string, string?> Fast(IDictionary<string, string?> environment) => new(environment)
    {
        ["Jobs:Runner:LeaseDuration"] = "00:00:03",
        ["Jobs:Runner:SweepInterval"] = "00:00:00.500",
    };
}
