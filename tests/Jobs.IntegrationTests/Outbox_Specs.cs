using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.StateMachines;
using MassTransit;

namespace Jobs.IntegrationTests;

/// <summary>
/// The outbox on real RabbitMQ and PostgreSQL, watched by a subscriber of the job events whose queue exists before
/// anything is submitted: a committed change is announced even when its worker dies before sending the event or the
/// broker is away when the job finishes, each job's events arrive in the order of its changes, and workers that
/// deliver side by side send nothing twice. Runs alone: one spec stops the shared broker.
/// </summary>
[Collection(Faults.Name)]
[Trait("Category", "Faults")]
public sealed class Outbox_Specs(TestServices services)
{
    const string Watch = "outbox-watch";
    static readonly TimeSpan Heavy = TimeSpan.FromMinutes(3);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Before the outbox, the saga published its events from memory after the commit: a worker killed in between took
    /// the event with it, and nothing recorded it for anyone to send again, so this spec's subscriber would never get
    /// JobSucceeded. Now the event is a row written with the change, left behind by the dead worker and sent by the next.
    /// </summary>
    [Fact]
    public async Task An_event_whose_worker_was_killed_after_the_commit_and_before_sending_it_is_sent_by_the_next_worker()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var subscriber = await JobEventSubscriber.SubscribeAsync(environment["ConnectionStrings:RabbitMq"]!, Watch);
        using var runs = new WorkerRuns();
        var jobId = Guid.NewGuid();
        await using (var doomed = await ServiceProcess.StartTestWorkerAsync(
            new Dictionary<string, string?>(environment) { ["JOBS_TEST_KILL_BEFORE_PUBLISH"] = nameof(JobSucceeded) }, runs))
        {
            await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
            await client.Client<SubmitJob>().GetResponse<JobSubmitted>(Job(jobId, JobStores.Default, "succeed"), Ct);

            await database.WaitForStatusAsync(jobId, JobStatuses.Success, TimeSpan.FromMinutes(1));
            await doomed.WaitForExitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(137, doomed.ExitCode);
        }

        // The job's earlier events went out before it (one message of a job at a time); only JobSucceeded is left.
        var undelivered = Assert.Single(await database.OutboxAsync(), m => m.JobId == jobId);
        Assert.Equal(typeof(JobSucceeded).FullName, undelivered.MessageType);
        await using var next = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await database.WaitForEmptyOutboxAsync(TimeSpan.FromMinutes(1));

        var received = await subscriber.DrainAsync();
        Assert.Equal(ReceivedJobEvents.Succeeded, received.Of(jobId));
        Assert.Equal(0, received.Duplicates);
        var succeeded = Assert.Single(received.All, e => e.Type == nameof(JobSucceeded));
        Assert.Equal(undelivered.MessageId, succeeded.MessageId);
        Assert.Equal(next.ProcessId, succeeded.ProcessId);
        Assert.Equal(undelivered.RecordedAt, succeeded.RecordedAt!.Value);
        Assert.Single(runs.Of(jobId));
    }

    /// <summary>
    /// The runner reaches the saga in-process, so jobs keep finishing while the broker is stopped; their events wait in
    /// the outbox and all go out once it is back. Gates hold each store's line at a known job until the broker is down,
    /// so that some jobs finish before the outage and the jobs behind the gates all finish during it.
    /// </summary>
    [Fact]
    public async Task Events_of_jobs_finished_while_rabbitmq_is_stopped_all_arrive_in_order_once_it_is_back()
    {
        if (services.RabbitMq.IsExternal)
            Assert.Skip("JOBS_TEST_RABBITMQ names a broker these tests do not own, so they cannot stop it.");
        const int PerStore = 50;
        const int GateAt = 10;
        string[] stores = ["store-a", "store-b", "store-c", "store-d"];
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var subscriber = await JobEventSubscriber.SubscribeAsync(environment["ConnectionStrings:RabbitMq"]!, Watch);
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        var gate = Guid.NewGuid();
        var lines = stores.ToDictionary(store => store, store => Enumerable.Range(0, PerStore).Select(_ => NewId.NextGuid()).ToList());
        await using (var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!))
        {
            // One store's submissions one after the other, each answered once committed: its line holds them in this order.
            await Task.WhenAll(lines.Select(async line =>
            {
                for (var i = 0; i < PerStore; i++)
                {
                    var behavior = i < GateAt ? "succeed" : i == GateAt ? $"wait-file:{runs.ReleaseFile(gate)}" : "sleep:10";
                    await client.Client<SubmitJob>().GetResponse<JobSubmitted>(Job(line.Value[i], line.Key, behavior), Ct);
                }
            }));
        }

        List<Guid> before = [.. lines.Values.SelectMany(l => l.Take(GateAt))];
        List<Guid> gates = [.. lines.Values.Select(l => l[GateAt])];
        List<Guid> during = [.. lines.Values.SelectMany(l => l.Skip(GateAt))];
        await Eventually.HoldsAsync(async () => await database.CountAsync(before, JobStatuses.Success) == before.Count
                && await database.CountAsync(gates, JobStatuses.Started) == gates.Count,
            Heavy, () => "the jobs ahead of the gates to succeed and the gates to start");

        await services.RabbitMq.StopAsync();
        try
        {
            runs.Release(gate);
            var finished = await database.WaitUntilFinishedAsync(during, Heavy);
            Assert.All(finished, job => Assert.Equal(JobStatuses.Success, StatusNames.Status(job.CurrentState)));
            var waiting = (await database.OutboxAsync()).Where(m => m.MessageType == typeof(JobSucceeded).FullName).Select(m => m.JobId!.Value).ToHashSet();
            Assert.All(during, jobId => Assert.Contains(jobId, waiting));
        }
        finally
        {
            await services.RabbitMq.StartAgainAsync();
        }

        await database.WaitForEmptyOutboxAsync(Heavy);
        var received = await subscriber.DrainAsync();
        Assert.All(lines.Values.SelectMany(l => l), jobId => Assert.Equal(ReceivedJobEvents.Succeeded, received.Of(jobId)));
        // A send the broker took but could not confirm before it stopped is sent again: a subscriber may see a copy.
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"{received.All.Count} events received for {PerStore * stores.Length} jobs; {received.Duplicates} duplicates (the same message id twice).");
    }

    [Fact]
    public async Task Two_workers_delivering_side_by_side_lose_nothing_and_send_nothing_twice()
    {
        const int PerStore = 50;
        string[] stores = ["store-a", "store-b", "store-c", "store-d", "store-e", "store-f"];
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var subscriber = await JobEventSubscriber.SubscribeAsync(environment["ConnectionStrings:RabbitMq"]!, Watch);
        using var runs = new WorkerRuns();
        await using var first = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var second = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        var jobs = Enumerable.Range(0, PerStore * stores.Length).Select(i => Job(NewId.NextGuid(), stores[i % stores.Length], "succeed")).ToList();
        await using (var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!))
        {
            foreach (var job in jobs)
                await client.Bus.Publish(job, Ct);
        }

        var finished = await database.WaitUntilFinishedAsync([.. jobs.Select(j => j.JobId)], Heavy);
        await database.WaitForEmptyOutboxAsync(Heavy);

        var received = await subscriber.DrainAsync();
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"{received.All.Count} events received for {jobs.Count} jobs; {received.Duplicates} duplicates (the same message id twice).");
        foreach (var sender in received.All.GroupBy(e => e.ProcessId))
            output.WriteLine($"process {sender.Key} sent {sender.Count()}.");
        Assert.All(finished, job => Assert.Equal(JobStatuses.Success, StatusNames.Status(job.CurrentState)));
        Assert.All(jobs, job => Assert.Equal(ReceivedJobEvents.Succeeded, received.Of(job.JobId)));
        Assert.Equal(0, received.Duplicates);
        Assert.All(received.All, e => Assert.NotNull(e.RecordedAt));
        Assert.All(received.All, e => Assert.Contains(e.ProcessId, new[] { first.ProcessId, second.ProcessId }));
    }

    static SubmitJob Job(Guid jobId, string store, string behavior) => new()
    {
        JobId = jobId,
        JobType = JobTypes.ProductExport,
        StoreId = store,
        Parameters = new Dictionary<string, string> { ["behavior"] = behavior },
    };
}
