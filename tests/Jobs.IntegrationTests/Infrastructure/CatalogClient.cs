using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jobs.Tests.Support;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>The catalog and jobs API over HTTP, as a client of the default store: what the catalog specs set up and read.</summary>
public sealed class CatalogClient(HttpClient http)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public HttpClient Http { get; } = http;

    /// <summary>Posts a JSON:API document and answers the created resource's <c>data</c>.</summary>
    public async Task<JsonObject> CreateAsync(string path, string type, object attributes, object? relationships = null)
    {
        using var response = await Http.PostAsJsonAsync(path, new { data = new { type, attributes, relationships } }, Ct);
        return (await SuccessAsync(response, HttpStatusCode.Created))["data"]!.AsObject();
    }

    /// <summary>Posts to an endpoint that creates a job and answers the pending job's id.</summary>
    public async Task<Guid> StartJobAsync(string path, HttpContent? body)
    {
        using var response = await Http.PostAsync(path, body, Ct);
        var job = (await SuccessAsync(response, HttpStatusCode.Created))["data"]!;
        Assert.Equal("pending", job["attributes"]!["status"]!.GetValue<string>());
        return Guid.Parse(job["id"]!.GetValue<string>());
    }

    /// <summary>Posts a file as the <c>file</c> field of a multipart form, as Elastic Path's import endpoints take it.</summary>
    public Task<Guid> ImportAsync(string path, byte[] file, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName } };
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        return StartJobAsync(path, form);
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path, Ct);
        return await SuccessAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The job as the API shows it, once it has finished.</summary>
    public async Task<JsonObject> WaitForJobAsync(Guid jobId, TimeSpan timeout)
    {
        JsonObject job = null!;
        await Eventually.HoldsAsync(async () =>
        {
            job = (await GetAsync($"/pcm/jobs/{jobId}"))["data"]!.AsObject();
            return job["attributes"]!["status"]!.GetValue<string>() is "success" or "failed" or "cancelled";
        }, timeout, () => $"job {jobId} to finish; it is {job?["attributes"]?["status"]}");
        return job;
    }

    /// <summary>How many resources a list has in all (<c>meta.results.total</c>).</summary>
    public async Task<long> TotalAsync(string path) =>
        (await GetAsync($"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}page[limit]=1"))["meta"]!["results"]!["total"]!.GetValue<long>();

    static async Task<JsonObject> SuccessAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>A product CSV in Elastic Path's columns.</summary>
    public static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
}
