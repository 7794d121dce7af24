using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Jobs.Contracts;
using Jobs.Tests.Support;

namespace Jobs.Tests.Api;

/// <summary>An API that reads at most 4,096 bytes of a body (<c>Jobs:Api:MaxRequestBodySize</c>), with its runner paused.</summary>
public sealed class SmallBodyLimitFixture : ApiFixture
{
    public const int Limit = 4096;

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Jobs:Api:MaxRequestBodySize"] = $"{Limit}",
        ["Jobs:Runner:Enabled"] = "false",
    };
}

/// <summary>
/// A body past the limit is a 413 before any of it is parsed, whether its length is announced (<c>Content-Length</c>) or
/// not (chunked), on every endpoint that reads one, the token endpoint too; a body at the limit is read.
/// </summary>
public sealed class BodyLimits_Specs(SmallBodyLimitFixture fixture) : IClassFixture<SmallBodyLimitFixture>
{
    const int Limit = SmallBodyLimitFixture.Limit;
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    ApiDriver Api => fixture.Api;

    static JsonObject TooLarge => Expect.Errors(Expect.Error(413, "Payload Too Large", $"The request body is larger than the {Limit} bytes this API reads."));

    /// <summary>A submission padded with spaces to exactly <paramref name="bytes"/> bytes.</summary>
    static string SubmissionOf(int bytes, Guid id)
    {
        var body = ApiDriver.SubmitBody(JobTypes.ProductExport, id);
        return body + new string(' ', bytes - Encoding.UTF8.GetByteCount(body));
    }

    /// <summary>A token request padded (in a field the endpoint ignores) to exactly <paramref name="bytes"/> bytes.</summary>
    static string TokenFormOf(int bytes)
    {
        var form = ApiDriver.Form(("grant_type", "client_credentials"), ("client_id", "default-client"), ("client_secret", "default-secret")) + "&padding=";
        return form + new string('p', bytes - form.Length);
    }

    async Task<ApiResponse> SendAsync(string path, string body, string contentType, bool chunked)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = chunked ? new UnannouncedContent(Encoding.UTF8.GetBytes(body)) : new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Api.TokenAsync());
        using var response = await Api.Http.SendAsync(request, Ct);
        Assert.Equal(chunked, request.Content.Headers.ContentLength is null);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Content.Headers.ContentType?.MediaType,
            response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.Single() : null, null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_submission_past_the_limit_is_a_413_and_records_nothing(bool chunked)
    {
        var before = await Api.RowCountAsync();

        var response = await SendAsync("/pcm/jobs", SubmissionOf(Limit + 1, Guid.NewGuid()), "application/json", chunked);

        response.Is(HttpStatusCode.RequestEntityTooLarge, TooLarge);
        Assert.Equal(before, await Api.RowCountAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_submission_at_the_limit_is_read(bool chunked)
    {
        var id = Guid.NewGuid();

        var response = await SendAsync("/pcm/jobs", SubmissionOf(Limit, id), "application/json", chunked);

        Assert.True(response.Status == HttpStatusCode.Created, $"{(int)response.Status} {response.Body}");
        Assert.True(await Api.IsRecordedAsync(id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_request_past_the_limit_is_a_413_and_one_at_it_is_read(bool chunked)
    {
        var past = await SendAsync("/oauth/access_token", TokenFormOf(Limit + 1), "application/x-www-form-urlencoded", chunked);
        var at = await SendAsync("/oauth/access_token", TokenFormOf(Limit), "application/x-www-form-urlencoded", chunked);

        past.Is(HttpStatusCode.RequestEntityTooLarge, TooLarge);
        Assert.Equal(HttpStatusCode.OK, at.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cancel_body_past_the_limit_is_a_413_and_cancels_nothing(bool chunked)
    {
        var id = await Api.SubmitAsync(JobTypes.ProductImport);

        var response = await SendAsync($"/pcm/jobs/{id}/cancel", "{}" + new string(' ', Limit - 1), "application/json", chunked);

        response.Is(HttpStatusCode.RequestEntityTooLarge, TooLarge);
        Assert.Equal(JobStatuses.Pending, (await Api.GetAsync($"/pcm/jobs/{id}")).Json["data"]!["attributes"]!["status"]!.GetValue<string>());
    }

    /// <summary>A body whose length is not known beforehand: sent chunked, without <c>Content-Length</c>.</summary>
    sealed class UnannouncedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>The same limit on Kestrel, whose own request body limit cuts off a chunked body (the in-memory test server has none).</summary>
public sealed class KestrelBodyLimit_Specs
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kestrel_answers_a_chunked_body_past_the_limit_with_the_413_json_api_error()
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { ["Jobs:Api:MaxRequestBodySize"] = "4096" });
        factory.UseKestrel(0);
        factory.StartServer();
        var api = new ApiDriver(factory);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/pcm/jobs")
        {
            Content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(ApiDriver.SubmitBody(JobTypes.ProductExport) + new string(' ', 5000)))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await api.TokenAsync());

        using var response = await api.Http.SendAsync(request, Ct);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Contains(response.Headers.Server, s => s.Product?.Name == "Kestrel");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        JsonAssert.Equal(Expect.Errors(Expect.Error(413, "Payload Too Large", "The request body is larger than the 4096 bytes this API reads.")),
            await response.Content.ReadAsStringAsync(Ct));
    }

    sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>The default limit holds the largest job the limits allow, even written in three-byte characters.</summary>
public sealed class DefaultBodyLimit_Specs(PausedRunnerFixture fixture) : IClassFixture<PausedRunnerFixture>
{
    [Fact]
    public async Task A_job_at_every_bound_in_three_byte_characters_fits_the_default_limit()
    {
        var value = new string('✓', JobLimits.MaxParameterValueLength);
        var options = new JsonObject(Enumerable.Range(0, JobLimits.MaxParameters - 1)
            .Select(i => KeyValuePair.Create<string, JsonNode?>($"{i:D2}{new string('n', JobLimits.MaxParameterNameLength - 2)}", value)));
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "pim-job",
                ["attributes"] = new JsonObject { ["type"] = JobTypes.ProductExport },
                ["meta"] = new JsonObject { ["filter"] = value, ["parameters"] = options },
            },
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.True(Encoding.UTF8.GetByteCount(body) > 190_000, "the body should be near the largest a job can be");

        var response = await fixture.Api.PostAsync("/pcm/jobs", body);

        Assert.True(response.Status == HttpStatusCode.Created, $"{(int)response.Status} {response.Body}");
    }
}
