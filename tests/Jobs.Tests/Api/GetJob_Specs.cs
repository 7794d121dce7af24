using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jobs.Api.Options;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Tests.Support;
using Jobs.Worker.Handlers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests.Api;

/// <summary><c>GET /pcm/jobs/{jobID}</c>: the whole job, its meta by type, its timestamps, and the 400 and 404.</summary>
public sealed partial class GetJob_Specs(PausedRunnerFixture fixture) : IClassFixture<PausedRunnerFixture>
{
    ApiDriver Api => fixture.Api;

    [GeneratedRegex("\"(?<name>[a-z]+_at)\":(?<value>null|\"[^\"]*\")")]
    private static partial Regex TimestampProperty();

    [GeneratedRegex(@"^""\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z""$")]
    private static partial Regex MillisecondUtc();

    /// <summary>The raw text: the four timestamps are there, set ones in UTC with three fraction digits and Z.</summary>
    internal static void AssertTimestampText(string body, params string[] unset)
    {
        var found = TimestampProperty().Matches(body).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        Assert.Equal(["completed_at", "created_at", "started_at", "updated_at"], found.Keys.Order());
        foreach (var (name, value) in found)
        {
            if (unset.Contains(name))
                Assert.Equal("null", value);
            else
                Assert.Matches(MillisecondUtc(), value);
        }
    }

    public static TheoryData<string, string, string> PendingJobs => new()
    {
        // job type, meta sent, meta shown (x_request_id added by the spec)
        { JobTypes.ProductExport, "{}", """{"file_locations":null}""" },
        { JobTypes.ProductExport, """{"filter":"eq(sku,product-1)"}""", """{"file_locations":null,"filter":"eq(sku,product-1)"}""" },
        { JobTypes.HierarchyDuplicate, """{"copied_from":"a1c3e5f7-0b2d-4e6f-8a9b-1c2d3e4f5a6b"}""", """{"copied_from":"a1c3e5f7-0b2d-4e6f-8a9b-1c2d3e4f5a6b"}""" },
        { JobTypes.ChildProducts, """{"product_id":"c9d8e7f6-a5b4-4c3d-9e2f-1a0b9c8d7e6f"}""", "{}" },
        { JobTypes.ProductImport, """{"file_location":"https://files.example.com/products.csv"}""", "{}" },
        { JobTypes.PriceImport, """{"file_location":"https://files.example.com/prices.jsonl","file_compression":"none"}""", "{}" },
        // Meta of another type is not shown on this one.
        { JobTypes.ChildProducts, """{"product_id":"c9d8e7f6-a5b4-4c3d-9e2f-1a0b9c8d7e6f","filter":"eq(sku,x)","copied_from":"a1c3e5f7-0b2d-4e6f-8a9b-1c2d3e4f5a6b"}""", "{}" },
    };

    [Theory]
    [MemberData(nameof(PendingJobs))]
    public async Task Get_answers_a_pending_job_with_the_meta_of_its_type(string type, string sentMeta, string shownMeta)
    {
        var id = Guid.NewGuid();
        var submittedAt = Api.Advance(TimeSpan.FromSeconds(1));
        var submitted = await Api.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(type, id, JsonNode.Parse(sentMeta)!.AsObject()), headers: ("X-Request-Id", "get-spec-1"));
        Assert.Equal(HttpStatusCode.Created, submitted.Status);
        Api.Advance(TimeSpan.FromSeconds(1));

        var response = await Api.GetAsync($"/pcm/jobs/{id}");

        var meta = JsonNode.Parse(shownMeta)!.AsObject();
        meta["x_request_id"] = "get-spec-1";
        response.Is(HttpStatusCode.OK, Expect.Document(Expect.Job(id, type, JobStatuses.Pending, JobTimes.Pending(submittedAt), meta)));
        AssertTimestampText(response.Body, "started_at", "completed_at");
    }

    [Fact]
    public async Task Get_answers_the_same_job_the_submission_answered()
    {
        var id = Guid.NewGuid();
        var submitted = await Api.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.HierarchyDuplicate, id));
        Api.Advance(TimeSpan.FromSeconds(1));

        var response = await Api.GetAsync($"/pcm/jobs/{id.ToString().ToUpperInvariant()}");

        response.Is(HttpStatusCode.OK, submitted.Json);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("123")]
    [InlineData("6e2b9d41-8f3a-4a77-b0c2-5d1e7f9a3c2")]
    [InlineData("6e2b9d41-8f3a-4a77-b0c2-5d1e7f9a3c24x")]
    public async Task Get_of_an_id_that_is_not_a_uuid_is_a_400_naming_jobID(string id)
    {
        var response = await Api.GetAsync($"/pcm/jobs/{id}");

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest($"jobID must be a UUID, not '{id}'.", "jobID"));
    }

    [Fact]
    public async Task Get_of_an_unknown_job_is_a_404()
    {
        var id = Guid.NewGuid();

        var response = await Api.GetAsync($"/pcm/jobs/{id}");

        response.Is(HttpStatusCode.NotFound, $$"""{"errors":[{"status":"404","title":"Not Found","detail":"job {{id}} not found"}]}""");
    }
}

/// <summary><c>GET /pcm/jobs/{jobID}</c> of jobs that ran: their start, their completion and what they produced.</summary>
public sealed class GetRunJob_Specs
{
    static readonly Guid NewHierarchy = Guid.Parse("f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9");
    static readonly string[] ExportFiles = ["https://files.example.com/exports/part_1.csv", "https://files.example.com/exports/part_2.csv"];

    /// <summary>A handler that runs as its job's behavior scripts it and, when that succeeds, produces <paramref name="result"/>.</summary>
    sealed class ProducingHandler(string jobType, JobResult result, ScriptedJobs script) : IJobHandler
    {
        public string JobType => jobType;

        public async Task<JobResult> RunAsync(JobExecution job, CancellationToken cancellationToken)
        {
            var scripted = await script.RunAsync(job, cancellationToken);
            return scripted.Succeeded ? result : scripted;
        }
    }

    static WebApplicationFactory<JobsApiOptions> WithProducingHandlers(JobsApiFactory factory) =>
        factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
        {
            services.RemoveAll<IJobHandler>();
            services.AddScriptedHandler(JobTypes.ChildProducts);
            services.AddScriptedHandler(JobTypes.ProductImport);
            services.AddScriptedHandler(JobTypes.PriceImport);
            services.AddSingleton<IJobHandler>(p => new ProducingHandler(JobTypes.ProductExport, JobResult.Success() with { FileLocations = ExportFiles },
                p.GetRequiredService<ScriptedJobs>()));
            services.AddSingleton<IJobHandler>(p => new ProducingHandler(JobTypes.HierarchyDuplicate, JobResult.Success() with { HierarchyId = NewHierarchy },
                p.GetRequiredService<ScriptedJobs>()));
        }));

    [Fact]
    public async Task Get_shows_the_progress_the_handler_reported_as_meta_progress()
    {
        await using var factory = new JobsApiFactory(clock: new FakeTimeProvider(Expect.At("2026-03-04T10:00:00.000Z")));
        var api = new ApiDriver(WithProducingHandlers(factory));

        var importing = await api.SubmitAsync(JobTypes.ProductImport, "progress:40:Imported 400 of 1,000 rows");
        await api.Script.StartedAsync(importing);

        // The handler's report brings its run's next heartbeat forward: the clock need not move for it.
        JsonNode? meta = null;
        await Eventually.HoldsAsync(async () =>
        {
            var response = await api.GetAsync($"/pcm/jobs/{importing}");
            meta = response.Json["data"]!["meta"];
            return meta?["progress"] is not null;
        }, TimeSpan.FromSeconds(30), () => $"meta.progress to be shown, but meta is {meta?.ToJsonString()}");
        JsonAssert.Equal(new JsonObject
        {
            ["x_request_id"] = ApiDriver.RequestIdOf(importing),
            ["progress"] = new JsonObject { ["percent"] = 40, ["message"] = "Imported 400 of 1,000 rows" },
        }, meta!.ToJsonString());
        api.Script.Release(importing);
    }

    /// <summary>
    /// Jobs one behind another on the line, each let go at a time of its own, so that every time below is the
    /// instant of one step of the spec (the clock stands still between them).
    /// </summary>
    [Fact]
    public async Task Get_shows_start_and_completion_times_and_the_results_of_export_and_duplicate()
    {
        var exportSubmitted = Expect.At("2026-03-04T10:00:00.000Z");
        var duplicateSubmitted = Expect.At("2026-03-04T10:00:01.250Z");
        var exportReleased = Expect.At("2026-03-04T10:00:02.500Z");
        var failingSubmitted = Expect.At("2026-03-04T10:00:03.750Z");
        var blockingSubmitted = Expect.At("2026-03-04T10:00:04.001Z");
        var duplicateReleased = Expect.At("2026-03-04T10:00:05.999Z");
        await using var factory = new JobsApiFactory(clock: new FakeTimeProvider(exportSubmitted));
        var api = new ApiDriver(WithProducingHandlers(factory));

        var export = await api.SubmitAsync(JobTypes.ProductExport, "block");
        await api.Script.StartedAsync(export);
        api.Clock.SetUtcNow(duplicateSubmitted);
        var duplicate = await api.SubmitAsync(JobTypes.HierarchyDuplicate, "block");
        api.Clock.SetUtcNow(exportReleased);
        api.Script.Release(export);
        await api.Script.StartedAsync(duplicate);
        api.Clock.SetUtcNow(failingSubmitted);
        var failing = await api.SubmitAsync(JobTypes.PriceImport, "fail:bad line");
        api.Clock.SetUtcNow(blockingSubmitted);
        var blocking = await api.SubmitAsync(JobTypes.ChildProducts, "block");
        api.Clock.SetUtcNow(duplicateReleased);
        api.Script.Release(duplicate);
        await api.Script.StartedAsync(blocking);

        var exportResponse = await api.GetAsync($"/pcm/jobs/{export}");
        var duplicateResponse = await api.GetAsync($"/pcm/jobs/{duplicate}");
        var failedResponse = await api.GetAsync($"/pcm/jobs/{failing}");
        var startedResponse = await api.GetAsync($"/pcm/jobs/{blocking}");

        exportResponse.Is(HttpStatusCode.OK, Expect.Document(Expect.Job(export, JobTypes.ProductExport, JobStatuses.Success,
            JobTimes.Finished(exportSubmitted, exportSubmitted, exportReleased), Expect.ExportMeta(ApiDriver.RequestIdOf(export), fileLocations: ExportFiles))));
        duplicateResponse.Is(HttpStatusCode.OK, Expect.Document(Expect.Job(duplicate, JobTypes.HierarchyDuplicate, JobStatuses.Success,
            JobTimes.Finished(duplicateSubmitted, exportReleased, duplicateReleased),
            Expect.DuplicateMeta(ApiDriver.RequestIdOf(duplicate), ApiDriver.SourceHierarchy, NewHierarchy))));
        failedResponse.Is(HttpStatusCode.OK, Expect.Document(Expect.Job(failing, JobTypes.PriceImport, JobStatuses.Failed,
            JobTimes.Finished(failingSubmitted, duplicateReleased, duplicateReleased), Expect.Meta(ApiDriver.RequestIdOf(failing)))));
        startedResponse.Is(HttpStatusCode.OK, Expect.Document(Expect.Job(blocking, JobTypes.ChildProducts, JobStatuses.Started,
            JobTimes.Running(blockingSubmitted, duplicateReleased), Expect.Meta(ApiDriver.RequestIdOf(blocking)))));
        GetJob_Specs.AssertTimestampText(exportResponse.Body);
        GetJob_Specs.AssertTimestampText(failedResponse.Body);
        GetJob_Specs.AssertTimestampText(startedResponse.Body, "completed_at");
        api.Script.Release(blocking);
    }
}
