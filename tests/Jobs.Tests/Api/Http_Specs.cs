using System.Net;
using Jobs.Api.ReadModel;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Api;

/// <summary>What every response has: an X-Request-Id, JSON:API errors for unknown routes and wrong methods.</summary>
public sealed class Http_Specs(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    ApiDriver Api => fixture.Api;

    /// <summary>One request of every kind the API answers: success, client errors, unknown route, wrong method, documentation.</summary>
    public static TheoryData<string, string, string?, string?, int> Requests => new()
    {
        { "GET", "/pcm/jobs", null, null, 200 },
        { "GET", "/pcm/jobs?page[limit]=0", null, null, 400 },
        { "GET", "/pcm/jobs/not-a-uuid", null, null, 400 },
        { "GET", "/pcm/jobs/0f0e0d0c-0b0a-4909-8807-060504030201", null, null, 404 },
        { "GET", "/pcm/jobs/0f0e0d0c-0b0a-4909-8807-060504030202/errors", null, null, 404 },
        { "POST", "/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport), "application/json", 201 },
        { "POST", "/pcm/jobs", "{}", "application/json", 422 },
        { "POST", "/pcm/jobs", "{", "application/json", 400 },
        { "POST", "/pcm/jobs", "{}", "text/plain", 415 },
        { "POST", "/pcm/jobs/0f0e0d0c-0b0a-4909-8807-060504030203/cancel", null, null, 404 },
        { "GET", "/nowhere", null, null, 404 },
        { "DELETE", "/pcm/jobs", null, null, 405 },
        { "GET", "/openapi/v1.json", null, null, 200 },
        { "GET", "/docs/", null, null, 200 },
        { "GET", "/docs/scalar.js", null, null, 200 },
        { "GET", "/", null, null, 302 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Every_response_carries_a_generated_request_id(string method, string path, string? body, string? contentType, int status)
    {
        var response = await Api.SendAsync(new HttpMethod(method), path, body, contentType);

        Assert.Equal(status, (int)response.Status);
        Assert.True(Guid.TryParse(response.RequestId, out _), $"X-Request-Id '{response.RequestId}' should be a generated UUID");
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_id_the_client_sends_is_echoed_unchanged(string method, string path, string? body, string? contentType, int status)
    {
        const string requestId = "Client-Trace_42:abc/DEF.~!";

        var response = await Api.SendAsync(new HttpMethod(method), path, body, contentType, ("X-Request-Id", requestId));

        Assert.Equal(status, (int)response.Status);
        Assert.Equal(requestId, response.RequestId);
    }

    [Fact]
    public async Task Two_requests_without_an_id_get_different_ids()
    {
        var first = await Api.GetAsync("/pcm/jobs");
        var second = await Api.GetAsync("/pcm/jobs");

        Assert.NotEqual(first.RequestId, second.RequestId);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("")]
    public async Task A_request_id_that_cannot_be_echoed_safely_is_replaced(string requestId)
    {
        var response = await Api.GetAsync("/pcm/jobs", ("X-Request-Id", requestId));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(Guid.TryParse(response.RequestId, out _), $"X-Request-Id '{response.RequestId}' should be a generated UUID");
    }

    [Fact]
    public async Task A_request_id_longer_than_a_job_can_keep_is_replaced_and_the_longest_it_can_keep_is_kept()
    {
        var tooLong = await Api.GetAsync("/pcm/jobs", ("X-Request-Id", new string('r', JobLimits.MaxRequestIdLength + 1)));
        var longest = await Api.GetAsync("/pcm/jobs", ("X-Request-Id", new string('r', JobLimits.MaxRequestIdLength)));

        Assert.True(Guid.TryParse(tooLong.RequestId, out _), $"X-Request-Id '{tooLong.RequestId}' should be a generated UUID");
        Assert.Equal(new string('r', JobLimits.MaxRequestIdLength), longest.RequestId);
    }

    [Theory]
    [InlineData("/nowhere")]
    [InlineData("/pcm/job")]
    [InlineData("/pcm/jobs/6e2b9d41-8f3a-4a77-b0c2-5d1e7f9a3c24/retry")]
    [InlineData("/pcm/jobs/6e2b9d41-8f3a-4a77-b0c2-5d1e7f9a3c24/errors/1")]
    public async Task An_unknown_route_is_a_404_json_api_error(string path)
    {
        var response = await Api.GetAsync(path);

        response.Is(HttpStatusCode.NotFound, Expect.NotFound($"There is no {path} here."));
    }

    [Theory]
    [InlineData("DELETE", "/pcm/jobs")]
    [InlineData("PUT", "/pcm/jobs")]
    [InlineData("DELETE", "/pcm/jobs/6e2b9d41-8f3a-4a77-b0c2-5d1e7f9a3c24")]
    [InlineData("PATCH", "/pcm/jobs/6e2b9d41-8f3a-4a77-b0c2-5d1e7f9a3c24")]
    [InlineData("GET", "/pcm/jobs/6e2b9d41-8f3a-4a77-b0c2-5d1e7f9a3c24/cancel")]
    [InlineData("POST", "/pcm/jobs/6e2b9d41-8f3a-4a77-b0c2-5d1e7f9a3c24/errors")]
    public async Task A_wrong_method_is_a_405_json_api_error(string method, string path)
    {
        var response = await Api.SendAsync(new HttpMethod(method), path, null, null);

        response.Is(HttpStatusCode.MethodNotAllowed, Expect.Errors(Expect.Error(405, "Method Not Allowed", $"{method} is not allowed on {path}.")));
    }
}

/// <summary>An unhandled exception: a 500 JSON:API error with the request id, never a stack trace.</summary>
public sealed class UnhandledException_Specs
{
    const string Secret = "connection to jobs-db.internal:5432 refused for user jobs_admin";

    [Fact]
    public async Task An_unhandled_exception_is_a_500_with_the_request_id_and_nothing_of_the_exception()
    {
        await using var factory = new JobsApiFactory();
        var api = new ApiDriver(factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddScoped<JobQueries>(_ => throw new InvalidOperationException(Secret)))));

        var listed = await api.GetAsync("/pcm/jobs", ("X-Request-Id", "trace-500"));
        var got = await api.GetAsync($"/pcm/jobs/{Guid.NewGuid()}");

        const string detail = "There was an internal server error, you can report with your request id.";
        listed.Is(HttpStatusCode.InternalServerError, Expect.Errors(Expect.Error(500, "Internal Server Error", detail, requestId: "trace-500")));
        Assert.Equal("trace-500", listed.RequestId);
        got.Is(HttpStatusCode.InternalServerError, Expect.Errors(Expect.Error(500, "Internal Server Error", detail, requestId: got.RequestId)));
        Assert.True(Guid.TryParse(got.RequestId, out _));
        foreach (var body in new[] { listed.Body, got.Body })
        {
            Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
            Assert.DoesNotContain("jobs_admin", body, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        }
    }
}
