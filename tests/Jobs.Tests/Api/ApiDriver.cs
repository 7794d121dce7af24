using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Jobs.Api.Options;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests.Api;

/// <summary>What the API answered: status, raw body and the headers the specs look at.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Body, string? MediaType, string? RequestId, string? Location, string? Challenge = null)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    /// <summary>
    /// The status, an <c>application/json</c> body equal to <paramref name="expected"/> as a whole, and an
    /// <c>X-Request-Id</c> header: what every API response must have.
    /// </summary>
    public void Is(HttpStatusCode status, JsonNode expected)
    {
        Assert.True(status == Status, $"Expected {(int)status} {status}, got {(int)Status} {Status}: {Body}");
        Assert.Equal("application/json", MediaType);
        Assert.False(string.IsNullOrEmpty(RequestId), "The response has no X-Request-Id header.");
        JsonAssert.Equal(expected, Body);
    }

    public void Is(HttpStatusCode status, string expectedJson) => Is(status, JsonNode.Parse(expectedJson)!);
}

/// <summary>
/// Drives the API over HTTP and holds its clock. It reads the jobs table behind the API only for what the API does
/// not show (whether anything was recorded, every parameter), never for what a spec expects the API to answer.
/// </summary>
/// <remarks>
/// It calls as a client of <paramref name="store"/> (<see cref="TestAuth.Clients"/>): every request carries a bearer
/// token from the API's own token endpoint, fetched again once the API's clock has passed its expiry, unless the
/// request names an <c>Authorization</c> of its own. Without a store it sends no token.
/// </remarks>
public sealed class ApiDriver(WebApplicationFactory<JobsApiOptions> factory, string? store = JobStores.Default)
{
    /// <summary>The hierarchy a submitted hierarchy-duplicate copies, unless a spec says otherwise.</summary>
    public static readonly Guid SourceHierarchy = Guid.Parse("0b7f6a52-4c1d-4c55-9a57-1f3e2d9c8b10");

    /// <summary>The parent product of a submitted child-products job, unless a spec says otherwise.</summary>
    public static readonly Guid ParentProduct = Guid.Parse("6e2b9d41-8f3a-4a77-b0c2-5d1e7f9a3c24");

    public const string UploadedFile = "https://files.example.com/uploads/catalog.csv";

    (string Token, DateTimeOffset Expires)? _token;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public WebApplicationFactory<JobsApiOptions> Factory { get; } = factory;

    public HttpClient Http { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = AddressOf(factory) });

    public ScriptedJobs Script => Factory.Services.GetRequiredService<ScriptedJobs>();

    /// <summary>The store whose client the driver calls as, or null when it sends no token.</summary>
    public string? Store { get; } = store;

    /// <summary>A driver on the same API, calling as <paramref name="other"/>'s client (null: without a token).</summary>
    public ApiDriver As(string? other) => new(Factory, other);

    /// <summary>The API's clock (<see cref="JobsApiFactory.Clock"/>): the time of everything the saga records.</summary>
    public FakeTimeProvider Clock => (FakeTimeProvider)Factory.Services.GetRequiredService<TimeProvider>();

    /// <summary>
    /// Moves the clock on by <paramref name="step"/> and answers the time it now says: the instant at which
    /// whatever the spec does next is recorded, later than anything recorded before.
    /// </summary>
    public DateTimeOffset Advance(TimeSpan step)
    {
        Clock.Advance(step);
        return Clock.GetUtcNow();
    }

    /// <summary>Where the API listens: on Kestrel, its address; in memory (the test server), localhost.</summary>
    static Uri AddressOf(WebApplicationFactory<JobsApiOptions> factory) =>
        factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
            ? new Uri(address)
            : new Uri("http://localhost");

    /// <summary>The <c>x_request_id</c> the driver sends when it submits <paramref name="jobId"/>.</summary>
    public static string RequestIdOf(Guid jobId) => $"req-{jobId:N}";

    public Task<ApiResponse> GetAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, path, null, null, headers);

    public Task<ApiResponse> PostAsync(string path, string? body, string? contentType = "application/json", params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Post, path, body, contentType, headers);

    /// <summary>Asks <c>POST /oauth/access_token</c> with a form of these fields, in this order (a field may repeat).</summary>
    public Task<ApiResponse> RequestTokenAsync(params (string Name, string Value)[] fields) =>
        PostAsync("/oauth/access_token", Form(fields), "application/x-www-form-urlencoded");

    /// <summary><c>application/x-www-form-urlencoded</c>, each value escaped as JavaScript's <c>encodeURIComponent</c> does.</summary>
    public static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));

    public Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body, string? contentType, params (string Name, string Value)[] headers)
    {
        HttpContent? content = null;
        if (body is not null)
        {
            content = new StringContent(body);
            content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }

        return SendContentAsync(method, path, content, headers);
    }

    /// <summary>
    /// Posts <paramref name="file"/> as the <c>file</c> field of a <c>multipart/form-data</c> body (how Elastic Path's import
    /// endpoints take it), with <paramref name="fields"/> beside it.
    /// </summary>
    public Task<ApiResponse> PostFileAsync(string path, Stream file, string fileName, (string Name, string Value)[]? fields = null,
        params (string Name, string Value)[] headers)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StreamContent(file), "file", fileName);
        foreach (var (name, value) in fields ?? [])
            form.Add(new StringContent(value), name);
        return SendContentAsync(HttpMethod.Post, path, form, headers);
    }

    public async Task<ApiResponse> SendContentAsync(HttpMethod method, string path, HttpContent? content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Content = content;

        foreach (var (name, value) in headers)
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"header {name}");
        if (Store is not null && !request.Headers.Contains("Authorization"))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        using var response = await Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var values) ? string.Join(",", values) : null;
        return new ApiResponse(response.StatusCode, text, response.Content.Headers.ContentType?.MediaType, requestId, response.Headers.Location?.OriginalString,
            response.Headers.WwwAuthenticate.Count > 0 ? response.Headers.WwwAuthenticate.ToString() : null);
    }

    /// <summary>A token of <see cref="Store"/>'s client from <c>POST /oauth/access_token</c>, valid at the API's clock's time.</summary>
    public async Task<string> TokenAsync()
    {
        if (_token is { } held && Clock.GetUtcNow() < held.Expires)
            return held.Token;
        var (clientId, secret) = TestAuth.Clients[Store ?? throw new InvalidOperationException("This driver calls without a token.")];
        using var form = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", secret)]);
        using var response = await Http.PostAsync("/oauth/access_token", form, Ct);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.True(response.IsSuccessStatusCode, $"a token for {Store}: {(int)response.StatusCode} {answer.ToJsonString()}");
        var token = answer["access_token"]!.GetValue<string>();
        _token = (token, DateTimeOffset.FromUnixTimeSeconds(answer["expires"]!.GetValue<long>()));
        return token;
    }

    /// <summary>The meta a job type needs to be accepted (see <see cref="Expect.SubmittedMeta"/> for what it shows).</summary>
    public static JsonObject RequiredMeta(string jobType) => jobType switch
    {
        JobTypes.HierarchyDuplicate => new JsonObject { ["copied_from"] = SourceHierarchy.ToString() },
        JobTypes.ChildProducts => new JsonObject { ["product_id"] = ParentProduct.ToString() },
        JobTypes.ProductImport or JobTypes.PriceImport => new JsonObject { ["file_location"] = UploadedFile },
        _ => [],
    };

    /// <summary>A <c>POST /pcm/jobs</c> body.</summary>
    public static string SubmitBody(string jobType, Guid? id = null, JsonObject? meta = null, string? behavior = null)
    {
        meta ??= RequiredMeta(jobType);
        if (behavior is not null)
            meta["parameters"] = new JsonObject { [ScriptedJobs.BehaviorParameter] = behavior };
        var data = new JsonObject { ["type"] = "pim-job", ["attributes"] = new JsonObject { ["type"] = jobType } };
        if (id is not null)
            data["id"] = id.Value.ToString();
        if (meta.Count > 0)
            data["meta"] = meta;
        return new JsonObject { ["data"] = data }.ToJsonString();
    }

    /// <summary>Submits a job with the meta its type needs and <see cref="RequestIdOf"/> as its request id; expects a 201.</summary>
    public async Task<Guid> SubmitAsync(string jobType = JobTypes.ProductExport, string? behavior = null)
    {
        var id = Guid.NewGuid();
        var response = await PostAsync("/pcm/jobs", SubmitBody(jobType, id, behavior: behavior), headers: ("X-Request-Id", RequestIdOf(id)));
        Assert.True(response.Status == HttpStatusCode.Created, $"submitting a {jobType} job: {(int)response.Status} {response.Body}");
        return id;
    }

    /// <summary>Whether the saga recorded the job at all, whatever the API answers about it.</summary>
    public async Task<bool> IsRecordedAsync(Guid jobId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.AnyAsync(x => x.CorrelationId == jobId, Ct);
    }

    /// <summary>The parameters the saga recorded for the job, all of which the handler gets but only some of which the API shows.</summary>
    public async Task<Dictionary<string, string>> RecordedParametersAsync(Guid jobId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.Where(x => x.CorrelationId == jobId).Select(x => x.Parameters).SingleAsync(Ct);
    }

    /// <summary>The store the saga recorded the job in.</summary>
    public async Task<string> RecordedStoreAsync(Guid jobId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.Where(x => x.CorrelationId == jobId).Select(x => x.StoreId).SingleAsync(Ct);
    }

    public async Task<long> RowCountAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.LongCountAsync(Ct);
    }

    /// <summary>Waits until the API shows the job in <paramref name="status"/>.</summary>
    public async Task WaitForStatusAsync(Guid jobId, string status)
    {
        ApiResponse? job = null;
        await Eventually.HoldsAsync(async () =>
        {
            job = await GetAsync($"/pcm/jobs/{jobId}");
            return job.Status == HttpStatusCode.OK && job.Json["data"]!["attributes"]!["status"]!.GetValue<string>() == status;
        }, TimeSpan.FromSeconds(30), () => $"job {jobId} to be {status}, but the API answered {job?.Status} {job?.Body}");
    }

    /// <summary><c>meta.results.total</c> of the unfiltered list.</summary>
    public async Task<long> ListedTotalAsync()
    {
        var response = await GetAsync("/pcm/jobs?page[limit]=1");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json["meta"]!["results"]!["total"]!.GetValue<long>();
    }
}
