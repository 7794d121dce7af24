using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.Validation;
using MassTransit;

namespace Jobs.IntegrationTests;

/// <summary>
/// The bounds of a job on PostgreSQL, whose columns, unlike SQLite's, enforce their lengths: a value past a bound
/// is refused before PostgreSQL sees it (over the bus a fault naming the field, over HTTP a 422), and a job at
/// every bound fits.
/// </summary>
public sealed class Limits_Specs(TestServices services)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Over_the_bus_a_value_past_a_bound_faults_naming_the_field_and_one_at_every_bound_is_stored_whole()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        await using var worker = await WorkerHost.StartAsync(environment, new ScriptedJobs(),
            new Dictionary<string, string?> { ["Jobs:Runner:Enabled"] = "false" });
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);

        foreach (var (limit, reason) in LimitCases.Cases)
        {
            var fault = await Assert.ThrowsAsync<RequestFaultException>(() =>
                client.Client<SubmitJob>().GetResponse<JobSubmitted>(LimitCases.Command(limit, Guid.NewGuid()), Ct));
            var rejection = Assert.Single(fault.Fault!.Exceptions).InnerException!;
            Assert.Equal(typeof(InvalidJobException).FullName, rejection.ExceptionType);
            Assert.Equal(reason, rejection.Message);
        }

        var atTheLimits = LimitCases.AtEveryLimit(Guid.NewGuid());
        await client.Client<SubmitJob>().GetResponse<JobSubmitted>(atTheLimits, Ct);

        var stored = Assert.Single(await database.AllJobsAsync());
        Assert.Equal(atTheLimits.StoreId, stored.StoreId);
        Assert.Equal(atTheLimits.RequestId, stored.RequestId);
        Assert.Equal(atTheLimits.Parameters, stored.Parameters);
    }

    [Fact]
    public async Task Over_http_a_value_past_a_bound_is_a_422_and_one_at_its_bound_is_recorded()
    {
        var environment = await services.NewEnvironmentAsync();
        await using var worker = await WorkerHost.StartAsync(environment, new ScriptedJobs(),
            new Dictionary<string, string?> { ["Jobs:Runner:Enabled"] = "false" });
        var (api, address) = await ServiceProcess.StartApiAsync(environment);
        await using var _ = api;
        using var http = await ApiClient.CreateAsync(address);
        var longest = new string('f', 2045) + "éü✓";

        var refused = await SubmitAsync(http, longest + "x");
        var recorded = await SubmitAsync(http, longest);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var error = Assert.Single((await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsArray())!;
        Assert.Equal("data.meta.filter must be at most 2048 characters, not 2049", error["detail"]!.GetValue<string>());
        Assert.Equal("/data/meta/filter", error["source"]!["pointer"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var shown = (await http.GetFromJsonAsync<JsonObject>(recorded.Headers.Location, Ct))!;
        Assert.Equal(longest, shown["data"]!["meta"]!["filter"]!.GetValue<string>());
    }

    static Task<HttpResponseMessage> SubmitAsync(HttpClient http, string filter) =>
        http.PostAsJsonAsync("/pcm/jobs", new { data = new { type = "pim-job", attributes = new { type = JobTypes.ProductExport }, meta = new { filter } } }, Ct);
}
