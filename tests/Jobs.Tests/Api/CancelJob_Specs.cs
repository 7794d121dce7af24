using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jobs.Contracts;
using Jobs.Tests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Api;

/// <summary><c>POST /pcm/jobs/{jobID}/cancel</c> on a line held by a started job, so that jobs submitted stay pending.</summary>
public sealed class CancelJob_Specs(BlockedLineFixture fixture) : IClassFixture<BlockedLineFixture>
{
    static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    ApiDriver Api => fixture.Api;

    /// <summary>Submits a product-import a step after whatever came before; answers it with the time it was submitted.</summary>
    async Task<(Guid Id, DateTimeOffset Submitted)> SubmitAsync()
    {
        var submitted = Api.Advance(Step);
        return (await Api.SubmitAsync(JobTypes.ProductImport), submitted);
    }

    /// <summary>The job is as it was submitted: pending, and not updated since.</summary>
    async Task AssertStillPendingAsync(Guid id, DateTimeOffset submitted) =>
        (await Api.GetAsync($"/pcm/jobs/{id}")).Is(HttpStatusCode.OK, Expect.Document(Expect.Job(id, JobTypes.ProductImport, JobStatuses.Pending,
            JobTimes.Pending(submitted), Expect.SubmittedMeta(JobTypes.ProductImport, id))));

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "application/json")]
    [InlineData("", "text/plain")]
    [InlineData("{}", "application/json")]
    [InlineData("""{"data":{"reason":"another import must run first"},"tries":[1,2,3]}""", "application/json")]
    [InlineData("  { }  ", "application/json; charset=utf-8")]
    [InlineData("{}", "application/vnd.api+json")]
    public async Task Cancel_of_a_pending_job_answers_it_cancelled_whatever_the_body(string? body, string? contentType)
    {
        var (id, submitted) = await SubmitAsync();
        var cancelled = Api.Advance(Step);

        var response = await Api.PostAsync($"/pcm/jobs/{id}/cancel", body, contentType);

        var expected = Expect.Document(Expect.Job(id, JobTypes.ProductImport, JobStatuses.Cancelled, JobTimes.Cancelled(submitted, cancelled),
            Expect.SubmittedMeta(JobTypes.ProductImport, id)));
        response.Is(HttpStatusCode.OK, expected);
        GetJob_Specs.AssertTimestampText(response.Body, "started_at", "completed_at");
        (await Api.GetAsync($"/pcm/jobs/{id}")).Is(HttpStatusCode.OK, expected);
    }

    [Fact]
    public async Task Cancel_moves_updated_at_but_not_created_at()
    {
        var (id, submitted) = await SubmitAsync();
        var cancelled = Api.Advance(TimeSpan.FromMilliseconds(1));

        var response = await Api.PostAsync($"/pcm/jobs/{id}/cancel", "{}");

        var attributes = response.Json["data"]!["attributes"]!;
        Assert.Equal(Expect.Timestamp(submitted), attributes["created_at"]!.GetValue<string>());
        Assert.Equal(Expect.Timestamp(cancelled), attributes["updated_at"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"reason\":}")]
    [InlineData("{'reason':'single quotes'}")]
    [InlineData("{} {}")]
    public async Task Cancel_with_malformed_json_is_a_400_and_cancels_nothing(string body)
    {
        var (id, submitted) = await SubmitAsync();
        Api.Advance(Step);

        var response = await Api.PostAsync($"/pcm/jobs/{id}/cancel", body);

        response.Is(HttpStatusCode.BadRequest, Expect.MalformedJson(body));
        await AssertStillPendingAsync(id, submitted);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"cancel\"")]
    [InlineData("null")]
    [InlineData("42")]
    public async Task Cancel_with_json_that_is_not_an_object_is_a_400(string body)
    {
        var (id, submitted) = await SubmitAsync();
        Api.Advance(Step);

        var response = await Api.PostAsync($"/pcm/jobs/{id}/cancel", body);

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest("The request body must be a JSON object."));
        await AssertStillPendingAsync(id, submitted);
    }

    [Theory]
    [InlineData("please cancel", "text/plain")]
    [InlineData("reason=none", "application/x-www-form-urlencoded")]
    [InlineData("<cancel/>", "application/xml")]
    [InlineData("{}", null)]
    public async Task Cancel_with_a_body_that_is_not_json_is_a_415(string body, string? contentType)
    {
        var (id, submitted) = await SubmitAsync();
        Api.Advance(Step);

        var response = await Api.PostAsync($"/pcm/jobs/{id}/cancel", body, contentType);

        response.Is((HttpStatusCode)415, Expect.Errors(Expect.Error(415, "Unsupported Media Type",
            $"Send the body as application/json, not '{contentType ?? "no content type"}'.")));
        await AssertStillPendingAsync(id, submitted);
    }

    [Fact]
    public async Task Cancel_of_a_started_job_is_a_422_and_it_keeps_running()
    {
        var response = await Api.PostAsync($"/pcm/jobs/{fixture.Blocker}/cancel", "{}");

        response.Is(HttpStatusCode.UnprocessableEntity,
            $$"""{"errors":[{"status":"422","title":"Failed Validation","detail":"job {{fixture.Blocker}} cannot be cancelled: its status is started"}]}""");
        (await Api.GetAsync($"/pcm/jobs/{fixture.Blocker}")).Is(HttpStatusCode.OK, Expect.Document(Expect.Job(fixture.Blocker, JobTypes.ProductExport,
            JobStatuses.Started, JobTimes.Running(BlockedLineFixture.Submitted, BlockedLineFixture.Submitted), Expect.SubmittedMeta(JobTypes.ProductExport, fixture.Blocker))));
    }

    [Fact]
    public async Task Cancel_of_a_cancelled_job_is_a_422_and_changes_nothing()
    {
        var (id, submitted) = await SubmitAsync();
        var cancelled = Api.Advance(Step);
        Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync($"/pcm/jobs/{id}/cancel", null)).Status);
        Api.Advance(Step);

        var response = await Api.PostAsync($"/pcm/jobs/{id}/cancel", null);

        response.Is(HttpStatusCode.UnprocessableEntity, Expect.FailedValidation($"job {id} cannot be cancelled: its status is cancelled"));
        (await Api.GetAsync($"/pcm/jobs/{id}")).Is(HttpStatusCode.OK, Expect.Document(Expect.Job(id, JobTypes.ProductImport, JobStatuses.Cancelled,
            JobTimes.Cancelled(submitted, cancelled), Expect.SubmittedMeta(JobTypes.ProductImport, id))));
    }

    [Fact]
    public async Task Cancel_of_an_unknown_job_is_a_404()
    {
        var id = Guid.NewGuid();

        var response = await Api.PostAsync($"/pcm/jobs/{id}/cancel", "{}");

        response.Is(HttpStatusCode.NotFound, $$"""{"errors":[{"status":"404","title":"Not Found","detail":"job {{id}} not found"}]}""");
        Assert.False(await Api.IsRecordedAsync(id));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("42")]
    [InlineData("00000000-0000-0000-0000-00000000000g")]
    public async Task Cancel_of_an_id_that_is_not_a_uuid_is_a_400_naming_jobID(string id)
    {
        var response = await Api.PostAsync($"/pcm/jobs/{id}/cancel", "{}");

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest($"jobID must be a UUID, not '{id}'.", "jobID"));
    }
}

/// <summary><c>POST /pcm/jobs/{jobID}/cancel</c> of finished jobs, and with the job service away.</summary>
public sealed class CancelFinishedJob_Specs
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancel_of_a_job_that_succeeded_or_failed_is_a_422_naming_its_status()
    {
        await using var factory = new JobsApiFactory();
        var api = new ApiDriver(factory);
        var succeeded = await api.SubmitAsync(JobTypes.ProductExport);
        await api.WaitForStatusAsync(succeeded, JobStatuses.Success);
        var failed = await api.SubmitAsync(JobTypes.ProductExport, "fail:no products match");
        await api.WaitForStatusAsync(failed, JobStatuses.Failed);

        var success = await api.PostAsync($"/pcm/jobs/{succeeded}/cancel", null);
        var failure = await api.PostAsync($"/pcm/jobs/{failed}/cancel", "{}");

        success.Is(HttpStatusCode.UnprocessableEntity,
            $$"""{"errors":[{"status":"422","title":"Failed Validation","detail":"job {{succeeded}} cannot be cancelled: its status is success"}]}""");
        failure.Is(HttpStatusCode.UnprocessableEntity,
            $$"""{"errors":[{"status":"422","title":"Failed Validation","detail":"job {{failed}} cannot be cancelled: its status is failed"}]}""");
    }

    [Fact]
    public async Task Cancel_answers_a_503_in_time_when_the_job_service_does_not_answer()
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?>
        {
            ["Jobs:Api:RequestTimeout"] = "00:00:00.300",
            ["Jobs:Runner:Enabled"] = "false",
        });
        var api = new ApiDriver(factory);
        // Recorded while the bus runs (a cold first request may outlast the short timeout, so poll for it).
        var id = Guid.NewGuid();
        await Eventually.HoldsAsync(async () => (await api.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport, id))).Status is HttpStatusCode.Created or HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), () => "the job to be recorded");
        await factory.Services.GetRequiredService<IBusControl>().StopAsync(Ct);

        var clock = Stopwatch.StartNew();
        using var hang = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        hang.CancelAfter(TimeSpan.FromSeconds(20));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/pcm/jobs/{id}/cancel");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await api.TokenAsync());
        using var response = await api.Http.SendAsync(request, hang.Token);
        var elapsed = clock.Elapsed;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Request-Id"));
        JsonAssert.Equal(Expect.Errors(Expect.Error(503, "Service Unavailable",
            "The job service did not answer in time; the job may still be cancelled. Retrying is safe.")), await response.Content.ReadAsStringAsync(Ct));
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"the 503 took {elapsed}");
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(250), $"the 503 came after {elapsed}, before the request timeout");
        Assert.Equal("pending", (await api.GetAsync($"/pcm/jobs/{id}")).Json["data"]!["attributes"]!["status"]!.GetValue<string>());
    }
}
