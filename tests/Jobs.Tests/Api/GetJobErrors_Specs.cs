using System.Net;
using System.Text.Json.Nodes;
using Jobs.Contracts;

namespace Jobs.Tests.Api;

/// <summary>Finished jobs with and without errors, and a pending one behind a started one.</summary>
public sealed class JobErrorsFixture : ApiFixture
{
    public Guid ThreeErrors { get; private set; }

    public Guid FiveErrors { get; private set; }

    public Guid Threw { get; private set; }

    public Guid Succeeded { get; private set; }

    public Guid Pending { get; private set; }

    /// <summary>
    /// The ids of each failed job's errors, in the order of one listing of all of them. The worker makes them up,
    /// so the specs cannot choose them; they hold the API to giving the same ones every time.
    /// </summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<string>> ErrorIds { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        ThreeErrors = await FinishedAsync(JobTypes.ProductImport, "fail:a|b|c", JobStatuses.Failed);
        FiveErrors = await FinishedAsync(JobTypes.PriceImport, "fail:e1|e2|e3|e4|e5", JobStatuses.Failed);
        Threw = await FinishedAsync(JobTypes.ProductImport, "throw:storage unreachable", JobStatuses.Failed);
        Succeeded = await FinishedAsync(JobTypes.ProductExport, null, JobStatuses.Success);
        var blocker = await Api.SubmitAsync(JobTypes.ChildProducts, "block");
        await Api.Script.StartedAsync(blocker);
        Pending = await Api.SubmitAsync(JobTypes.ProductImport);

        var ids = new Dictionary<Guid, IReadOnlyList<string>>();
        foreach (var job in new[] { ThreeErrors, FiveErrors, Threw })
        {
            var all = await Api.GetAsync($"/pcm/jobs/{job}/errors?page[limit]=100");
            Assert.Equal(HttpStatusCode.OK, all.Status);
            ids[job] = [.. all.Json["data"]!.AsArray().Select(e => e!["id"]!.GetValue<string>())];
        }

        ErrorIds = ids;
    }

    async Task<Guid> FinishedAsync(string type, string? behavior, string status)
    {
        var id = await Api.SubmitAsync(type, behavior);
        await Api.WaitForStatusAsync(id, status);
        return id;
    }
}

/// <summary><c>GET /pcm/jobs/{jobID}/errors</c>: a job's <c>pim-job-error</c>s, paged like the list.</summary>
public sealed class GetJobErrors_Specs(JobErrorsFixture fixture) : IClassFixture<JobErrorsFixture>
{
    ApiDriver Api => fixture.Api;

    static string Link(Guid id, int offset, int limit) => $"/pcm/jobs/{id}/errors?page[offset]={offset}&page[limit]={limit}";

    IEnumerable<JsonNode> Errors(Guid job, IEnumerable<(int Index, string Message)> expected) =>
        expected.Select(e => (JsonNode)new JsonObject
        {
            ["type"] = "pim-job-error",
            ["id"] = fixture.ErrorIds[job][e.Index],
            ["attributes"] = new JsonObject { ["message"] = e.Message },
        });

    [Fact]
    public async Task The_errors_of_a_failed_job_are_listed_in_the_order_reported()
    {
        var job = fixture.ThreeErrors;

        var response = await Api.GetAsync($"/pcm/jobs/{job}/errors");

        response.Is(HttpStatusCode.OK, Expect.List(
            Errors(job, [(0, "a"), (1, "b"), (2, "c")]),
            (Link(job, 0, 25), Link(job, 0, 25), null, null),
            (25, 0, 1, 1),
            total: 3));
        Assert.Equal(3, fixture.ErrorIds[job].Select(Guid.Parse).Distinct().Count());
    }

    [Fact]
    public async Task Errors_are_paged_with_links_and_meta()
    {
        var id = fixture.FiveErrors;

        var first = await Api.GetAsync($"/pcm/jobs/{id}/errors?page[limit]=2");
        var second = await Api.GetAsync(first.Json["links"]!["next"]!.GetValue<string>());
        var third = await Api.GetAsync($"/pcm/jobs/{id}/errors?page[limit]=2&page[offset]=4");
        var beyond = await Api.GetAsync($"/pcm/jobs/{id}/errors?page[limit]=2&page[offset]=10");

        first.Is(HttpStatusCode.OK, Expect.List(Errors(id, [(0, "e1"), (1, "e2")]),
            (Link(id, 0, 2), Link(id, 4, 2), Link(id, 2, 2), null), (2, 0, 1, 3), total: 5));
        second.Is(HttpStatusCode.OK, Expect.List(Errors(id, [(2, "e3"), (3, "e4")]),
            (Link(id, 0, 2), Link(id, 4, 2), Link(id, 4, 2), Link(id, 0, 2)), (2, 2, 2, 3), total: 5));
        third.Is(HttpStatusCode.OK, Expect.List(Errors(id, [(4, "e5")]),
            (Link(id, 0, 2), Link(id, 4, 2), null, Link(id, 2, 2)), (2, 4, 3, 3), total: 5));
        beyond.Is(HttpStatusCode.OK, Expect.List([],
            (Link(id, 0, 2), Link(id, 4, 2), null, Link(id, 4, 2)), (2, 10, 6, 3), total: 5));
    }

    [Fact]
    public async Task A_handler_that_threw_leaves_one_error_with_its_message()
    {
        var job = fixture.Threw;

        var response = await Api.GetAsync($"/pcm/jobs/{job}/errors");

        response.Is(HttpStatusCode.OK, Expect.List(
            Errors(job, [(0, "The product-import handler failed: storage unreachable")]),
            (Link(job, 0, 25), Link(job, 0, 25), null, null),
            (25, 0, 1, 1),
            total: 1));
    }

    [Fact]
    public async Task A_successful_job_has_no_errors()
    {
        var id = fixture.Succeeded;

        var response = await Api.GetAsync($"/pcm/jobs/{id}/errors");

        response.Is(HttpStatusCode.OK, Expect.List([], (Link(id, 0, 25), Link(id, 0, 25), null, null), (25, 0, 1, 1), total: 0));
    }

    [Fact]
    public async Task A_pending_job_has_no_errors()
    {
        var id = fixture.Pending;

        var response = await Api.GetAsync($"/pcm/jobs/{id}/errors?page[limit]=10");

        response.Is(HttpStatusCode.OK, Expect.List([], (Link(id, 0, 10), Link(id, 0, 10), null, null), (10, 0, 1, 1), total: 0));
    }

    [Fact]
    public async Task The_errors_of_an_unknown_job_are_a_404()
    {
        var id = Guid.NewGuid();

        var response = await Api.GetAsync($"/pcm/jobs/{id}/errors");

        response.Is(HttpStatusCode.NotFound, $$"""{"errors":[{"status":"404","title":"Not Found","detail":"job {{id}} not found"}]}""");
    }

    [Theory]
    [InlineData("jobs-1")]
    [InlineData("1234")]
    public async Task The_errors_of_an_id_that_is_not_a_uuid_are_a_400_naming_jobID(string id)
    {
        var response = await Api.GetAsync($"/pcm/jobs/{id}/errors");

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest($"jobID must be a UUID, not '{id}'.", "jobID"));
    }

    [Theory]
    [InlineData("page[limit]=0", "page[limit]")]
    [InlineData("page[limit]=101", "page[limit]")]
    [InlineData("page[limit]=all", "page[limit]")]
    [InlineData("page[offset]=-2", "page[offset]")]
    [InlineData("page[offset]=10001", "page[offset]")]
    [InlineData("page[offset]=0x10", "page[offset]")]
    public async Task Error_paging_out_of_range_or_not_a_number_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var response = await Api.GetAsync($"/pcm/jobs/{fixture.ThreeErrors}/errors?{query}");

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest(
            parameter == "page[limit]" ? "page[limit] must be a whole number from 1 to 100." : "page[offset] must be a whole number from 0 to 10000.",
            parameter));
    }
}
