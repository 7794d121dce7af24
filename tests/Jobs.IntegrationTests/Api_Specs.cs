using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;

namespace Jobs.IntegrationTests;

/// <summary>
/// The API and a worker as separate processes, as production runs them, on real RabbitMQ and PostgreSQL.
/// The worker runs the scripted handlers of <c>tests/Jobs.TestWorker</c>, and every job here waits for its
/// release file: a job stays started for exactly as long as a test needs it to. Requests carry a token from the API's
/// own token endpoint (<see cref="ApiClient"/>).
/// </summary>
public sealed class Api_Specs(TestServices services) : IAsyncLifetime
{
    static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly WorkerRuns _runs = new();
    HttpClient _http = null!;
    ServiceProcess? _worker;
    ServiceProcess? _api;

    public async ValueTask InitializeAsync()
    {
        var environment = await services.NewEnvironmentAsync();
        _worker = await ServiceProcess.StartTestWorkerAsync(environment, _runs);
        (_api, var address) = await ServiceProcess.StartApiAsync(environment);
        _http = await ApiClient.CreateAsync(address);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_api is not null)
            await _api.DisposeAsync();
        if (_worker is not null)
            await _worker.DisposeAsync();
        _runs.Dispose();
    }

    [Fact]
    public async Task A_job_submitted_over_http_goes_pending_started_success()
    {
        var jobId = Guid.NewGuid();

        var response = await SubmitAsync(jobId);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("pending", Status(created));
        Assert.Equal("it-req-1", created["data"]!["meta"]!["x_request_id"]!.GetValue<string>());
        var location = response.Headers.Location!;

        await StartedAsync(jobId);
        var started = await GetAsync(location);
        Assert.Equal("started", Status(started));
        Assert.NotNull(started["data"]!["attributes"]!["started_at"]);
        Assert.Null(started["data"]!["attributes"]!["completed_at"]);

        _runs.Release(jobId);
        await Eventually.HoldsAsync(async () => Status(await GetAsync(location)) == "success", WaitLimit, () => "the job to succeed");
        var job = (await GetAsync(location))["data"]!["attributes"]!;
        Assert.NotNull(job["started_at"]);
        Assert.NotNull(job["completed_at"]);
    }

    [Fact]
    public async Task A_pending_job_can_be_cancelled_and_a_started_one_cannot()
    {
        var (running, waiting) = (Guid.NewGuid(), Guid.NewGuid());
        // One after the other: each answer comes once the job has its place, so the first is first in line.
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(running)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(waiting)).StatusCode);
        // Held started until its release file exists, so the line holds still while the cancels go in.
        await StartedAsync(running);

        var cancelWaiting = await _http.PostAsync($"/pcm/jobs/{waiting}/cancel", content: null, Ct);
        var cancelRunning = await _http.PostAsync($"/pcm/jobs/{running}/cancel", content: null, Ct);

        Assert.Equal(HttpStatusCode.OK, cancelWaiting.StatusCode);
        Assert.Equal("cancelled", Status((await cancelWaiting.Content.ReadFromJsonAsync<JsonObject>(Ct))!));
        Assert.Equal((HttpStatusCode)422, cancelRunning.StatusCode);
        Assert.Equal(
            $$"""{"errors":[{"status":"422","title":"Failed Validation","detail":"job {{running}} cannot be cancelled: its status is started"}]}""",
            await cancelRunning.Content.ReadAsStringAsync(Ct));

        _runs.Release(running);
        await Eventually.HoldsAsync(async () => Status(await GetAsync(JobAddress(running))) == "success",
            WaitLimit, () => "the started job to finish despite the cancel");
        Assert.Equal("succeeded", Assert.Single(_runs.Of(running)).Outcome);
        Assert.Equal("cancelled", Status(await GetAsync(JobAddress(waiting))));
        Assert.Empty(_runs.Of(waiting));
    }

    [Fact]
    public async Task Without_a_token_the_jobs_api_is_a_401_and_with_one_its_store_s_jobs_are_listed()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };

        var refused = await anonymous.GetAsync("/pcm/jobs", Ct);
        var listed = await _http.GetAsync("/pcm/jobs", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }

    /// <summary>Submits a product export that, once started, runs until <see cref="WorkerRuns.Release"/>.</summary>
    async Task<HttpResponseMessage> SubmitAsync(Guid jobId)
    {
        var meta = new { filter = "eq(sku,shirt)", parameters = new { behavior = $"wait-file:{_runs.ReleaseFile(jobId)}" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/pcm/jobs")
        {
            Content = JsonContent.Create(new { data = new { id = jobId, type = "pim-job", attributes = new { type = "product-export" }, meta } }),
        };
        request.Headers.Add("X-Request-Id", "it-req-1");
        return await _http.SendAsync(request, Ct);
    }

    /// <summary>Waits until the worker has run the job's handler: the API's status alone says only that the saga recorded the start.</summary>
    Task StartedAsync(Guid jobId) =>
        Eventually.HoldsAsync(() => _runs.Of(jobId).Count == 1, WaitLimit, () => $"job {jobId} to start");

    static Uri JobAddress(Guid jobId) => new($"/pcm/jobs/{jobId}", UriKind.Relative);

    async Task<JsonObject> GetAsync(Uri location) => (await _http.GetFromJsonAsync<JsonObject>(location, Ct))!;

    static string Status(JsonObject document) => document["data"]!["attributes"]!["status"]!.GetValue<string>();
}
