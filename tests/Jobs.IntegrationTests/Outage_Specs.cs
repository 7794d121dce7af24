using System.Net;
using System.Net.Http.Json;
using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.StateMachines;
using MassTransit;

namespace Jobs.IntegrationTests;

/// <summary>
/// The broker and the database restarted under a worker and an API (separate processes) while jobs are
/// pending and one runs, held running until the outage is over: everything reconnects by itself, every
/// job runs once and succeeds, and a subscriber gets each job's events in order, the outbox's delivery
/// having resumed by itself.
/// </summary>
[Collection(Faults.Name)]
[Trait("Category", "Faults")]
public sealed class Outage_Specs(TestServices services)
{
    const int Jobs = 12;
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rabbitmq_restart_is_ridden_out()
    {
        if (services.RabbitMq.IsExternal)
            Assert.Skip("JOBS_TEST_RABBITMQ names a broker these tests do not own, so they cannot restart it.");
        await RideOutAsync(() => services.RabbitMq.RestartAsync());
    }

    [Fact]
    public async Task A_postgresql_restart_is_ridden_out()
    {
        if (services.Postgres.IsExternal)
            Assert.Skip("JOBS_TEST_POSTGRES names a server these tests do not own, so they cannot restart it.");
        await RideOutAsync(() => services.Postgres.RestartAsync());
    }

    [Fact]
    public async Task Readiness_follows_the_database()
    {
        if (services.Postgres.IsExternal)
            Assert.Skip("JOBS_TEST_POSTGRES names a server these tests do not own, so they cannot stop it.");
        var environment = await services.NewEnvironmentAsync();
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        var (api, address) = await ServiceProcess.StartApiAsync(environment);
        await using var _ = api;
        using var http = new HttpClient();
        var probes = new[] { new Uri(address, "/health/ready"), new Uri(worker.HealthAddress, "/health/ready") };
        Assert.All(await Task.WhenAll(probes.Select(p => http.GetAsync(p, Ct))), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        await services.Postgres.StopAsync();
        try
        {
            await Eventually.HoldsAsync(async () => (await Task.WhenAll(probes.Select(p => http.GetAsync(p, Ct)))).All(r => r.StatusCode == HttpStatusCode.ServiceUnavailable),
                TimeSpan.FromSeconds(30), () => "both readiness probes to fail");
            var live = await http.GetAsync(new Uri(address, "/health/live"), Ct);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await services.Postgres.StartAgainAsync();
        }

        await Eventually.HoldsAsync(async () => (await Task.WhenAll(probes.Select(p => http.GetAsync(p, Ct)))).All(r => r.StatusCode == HttpStatusCode.OK),
            TimeSpan.FromSeconds(30), () => "both readiness probes to pass again");
    }

    async Task RideOutAsync(Func<Task> outage)
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var subscriber = await JobEventSubscriber.SubscribeAsync(environment["ConnectionStrings:RabbitMq"]!, "outage-watch");
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        // Through the outage the API must answer 503 in its production time, so that the submission below is retried.
        var (api, address) = await ServiceProcess.StartApiAsync(environment, patient: false);
        await using var _ = api;
        using var http = await ApiClient.CreateAsync(address);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var jobIds = Enumerable.Range(0, Jobs).Select(_ => Guid.NewGuid()).ToList();
        // The fourth job runs through the outage: three have finished before it and the others wait behind it.
        var held = jobIds[3];
        foreach (var jobId in jobIds)
        {
            await client.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob
            {
                JobId = jobId,
                JobType = JobTypes.ProductExport,
                Parameters = new Dictionary<string, string> { ["behavior"] = jobId == held ? $"wait-file:{runs.ReleaseFile(held)}" : "succeed" },
            }, Ct);
        }

        await Eventually.HoldsAsync(() => runs.Of(held).Count == 1, TimeSpan.FromSeconds(60), () => "the fourth job to start");
        Assert.Equal(jobIds.Take(3), runs.All().Where(r => r.Outcome == "succeeded").Select(r => r.JobId));
        await outage();

        // The API reconnects by itself: a submission retried with its idempotency key eventually lands, once.
        HttpResponseMessage? submitted = null;
        await Eventually.HoldsAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/pcm/jobs")
            {
                Content = JsonContent.Create(new { data = new { type = "pim-job", attributes = new { type = "product-export" } } }),
            };
            request.Headers.Add("Idempotency-Key", "after-the-outage");
            submitted = await http.SendAsync(request, Ct);
            return submitted.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(90), () => $"a submission through the API to succeed; last answer {(int?)submitted?.StatusCode}");
        jobIds.Add(Guid.Parse((await submitted!.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct))!["data"]!["id"]!.GetValue<string>()));
        runs.Release(held);

        var jobs = await database.WaitUntilFinishedAsync(jobIds, TimeSpan.FromMinutes(3));
        Assert.All(jobs, job => Assert.Equal(JobStatuses.Success, StatusNames.Status(job.CurrentState)));
        Assert.All(jobs, job => Assert.Equal(1, job.Attempt));
        Assert.All(jobIds, jobId => Assert.Single(runs.Of(jobId)));
        Assert.Equal(jobs.OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId), runs.All().Select(r => r.JobId));
        await database.WaitForEmptyOutboxAsync(TimeSpan.FromMinutes(2));
        var received = await subscriber.DrainAsync();
        Assert.All(jobIds, jobId => Assert.Equal(ReceivedJobEvents.Succeeded, received.Of(jobId)));
    }
}
