using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;

namespace Jobs.IntegrationTests;

/// <summary>
/// The API and a worker as separate processes, as production runs them, on real RabbitMQ and PostgreSQL.
/// The worker runs the demo handlers, which take a couple of seconds and succeed.
/// </summary>
public sealed class Api_Specs(TestServices services) : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    ServiceProcess? _worker;
    ServiceProcess? _api;
    readonly HttpClient _http = new();

    public async ValueTask InitializeAsync()
    {
        var environment = await services.NewEnvironmentAsync();
        _worker = await ServiceProcess.StartWorkerAsync(new Dictionary<string, string?>(environment)
        {
            ["Jobs:Demo:Enabled"] = "true",
            ["Jobs:Demo:Duration"] = "00:00:02",
        });
        (_api, _http.BaseAddress) = await ServiceProcess.StartApiAsync(environment);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_api is not null)
            await _api.DisposeAsync();
        if (_worker is not null)
            await _worker.DisposeAsync();
    }

    [Fact]
    public async Task A_job_submitted_over_http_goes_pending_started_success()
    {
        var response = await SubmitAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("pending", Status(created));
        Assert.Equal("it-req-1", created["data"]!["meta"]!["x_request_id"]!.GetValue<string>());
        var location = response.Headers.Location!;

        var seen = new List<string> { "pending" };
        await Eventually.HoldsAsync(async () =>
        {
            var status = Status(await GetAsync(location));
            if (seen[^1] != status)
                seen.Add(status);
            return status == "success";
        }, TimeSpan.FromSeconds(60), () => $"the job to succeed; seen {string.Join(" → ", seen)}");

        Assert.Equal(["pending", "started", "success"], seen);
        var job = (await GetAsync(location))["data"]!["attributes"]!;
        Assert.NotNull(job["started_at"]);
        Assert.NotNull(job["completed_at"]);
    }

    [Fact]
    public async Task A_pending_job_can_be_cancelled_and_a_started_one_cannot()
    {
        var running = (await (await SubmitAsync()).Content.ReadFromJsonAsync<JsonObject>(Ct))!["data"]!["id"]!.GetValue<string>();
        var waiting = (await (await SubmitAsync()).Content.ReadFromJsonAsync<JsonObject>(Ct))!["data"]!["id"]!.GetValue<string>();
        await Eventually.HoldsAsync(async () => Status(await GetAsync(new Uri($"/pcm/jobs/{running}", UriKind.Relative))) == "started",
            TimeSpan.FromSeconds(30), () => "the first job to start");

        var cancelWaiting = await _http.PostAsync($"/pcm/jobs/{waiting}/cancel", content: null, Ct);
        var cancelRunning = await _http.PostAsync($"/pcm/jobs/{running}/cancel", content: null, Ct);

        Assert.Equal(HttpStatusCode.OK, cancelWaiting.StatusCode);
        Assert.Equal("cancelled", Status((await cancelWaiting.Content.ReadFromJsonAsync<JsonObject>(Ct))!));
        Assert.Equal((HttpStatusCode)422, cancelRunning.StatusCode);
        Assert.Equal(
            $$"""{"errors":[{"status":"422","title":"Failed Validation","detail":"job {{running}} cannot be cancelled: its status is started"}]}""",
            await cancelRunning.Content.ReadAsStringAsync(Ct));
        await Eventually.HoldsAsync(async () => Status(await GetAsync(new Uri($"/pcm/jobs/{running}", UriKind.Relative))) == "success",
            TimeSpan.FromSeconds(30), () => "the started job to finish despite the cancel");
        Assert.Equal("cancelled", Status(await GetAsync(new Uri($"/pcm/jobs/{waiting}", UriKind.Relative))));
    }

    async Task<HttpResponseMessage> SubmitAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/pcm/jobs")
        {
            Content = JsonContent.Create(new { data = new { type = "pim-job", attributes = new { type = "product-export" }, meta = new { filter = "eq(sku,shirt)" } } }),
        };
        request.Headers.Add("X-Request-Id", "it-req-1");
        return await _http.SendAsync(request, Ct);
    }

    async Task<JsonObject> GetAsync(Uri location) => (await _http.GetFromJsonAsync<JsonObject>(location, Ct))!;

    static string Status(JsonObject document) => document["data"]!["attributes"]!["status"]!.GetValue<string>();
}
