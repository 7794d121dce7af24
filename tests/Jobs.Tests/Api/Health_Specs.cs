using System.Net;
using System.Text.Json.Nodes;
using Jobs.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jobs.Tests.Api;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> need no token (probes carry none) and say up or down, per check and in
/// all, and nothing more: not why a check failed, not its exception, not its data. The one exception is the outbox's
/// figures (how many messages wait, and how long the oldest has), which an operator needs to see delivery lag.
/// </summary>
public sealed class Health_Specs
{
    const string Secret = "host=jobs-db.internal user=jobs_admin password=hunter2";

    /// <summary>
    /// Every member of the answer: a status, and checks that each have a status, all of them up or down words; the
    /// outbox's check has its two figures besides.
    /// </summary>
    static void AssertOnlyUpOrDown(JsonNode answer, string expected)
    {
        Assert.Equal(["status", "checks"], answer.AsObject().Select(m => m.Key));
        Assert.Equal(expected, answer["status"]!.GetValue<string>());
        Assert.NotEmpty(answer["checks"]!.AsObject());
        foreach (var (name, check) in answer["checks"]!.AsObject())
        {
            Assert.Equal(name == "outbox" ? ["status", "data"] : ["status"], check!.AsObject().Select(m => m.Key));
            Assert.Contains(check["status"]!.GetValue<string>(), new[] { "healthy", "degraded", "unhealthy" });
        }
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_answers_without_a_token_and_says_up(string path)
    {
        await using var factory = new JobsApiFactory();
        var api = new ApiDriver(factory, store: null);

        var response = await api.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        var answer = response.Json;
        Assert.Equal(["status", "checks"], answer.AsObject().Select(m => m.Key));
        Assert.Equal("healthy", answer["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readiness_with_a_failing_check_says_down_and_nothing_of_why()
    {
        await using var factory = new JobsApiFactory();
        var failing = factory.WithWebHostBuilder(b => b.ConfigureServices(services => services.AddHealthChecks().AddCheck("failing",
            () => HealthCheckResult.Unhealthy($"cannot reach {Secret}", new InvalidOperationException(Secret), new Dictionary<string, object> { ["connection"] = Secret }),
            tags: ["ready"])));
        var api = new ApiDriver(failing, store: null);

        var ready = await api.GetAsync("/health/ready");
        var live = await api.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        AssertOnlyUpOrDown(ready.Json, "unhealthy");
        Assert.Equal("unhealthy", ready.Json["checks"]!["failing"]!["status"]!.GetValue<string>());
        Assert.Equal("healthy", ready.Json["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal(["backlog", "oldest_age_seconds"], ready.Json["checks"]!["outbox"]!["data"]!.AsObject().Select(m => m.Key));
        Assert.DoesNotContain("jobs_admin", ready.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", ready.Body, StringComparison.Ordinal);
        // Liveness runs no check: the process answers, whatever its dependencies do.
        Assert.Equal(HttpStatusCode.OK, live.Status);
    }
}
