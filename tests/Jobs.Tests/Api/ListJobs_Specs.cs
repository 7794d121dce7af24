using System.Net;
using System.Text.Json.Nodes;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests.Api;

/// <summary>
/// Twelve jobs of every type and status, each submitted at a time of its own on 2026-03-04 (index = creation
/// order; a job's minute and millisecond are its index), and changed at the times shown:
/// <code>
///  0 product-export      success    08:00:00.000, started then, completed 08:00:30.500
///  1 product-import      failed     08:01:00.001, started and failed then
///  2 hierarchy-duplicate started    08:02:00.002, started then
///  3 child-products      pending    08:03:00.003
///  4 price-import        cancelled  08:04:00.004, cancelled 08:12:00.000
///  5 product-export      pending    08:05:00.005
///  6 product-import      pending    08:06:00.006
///  7 price-import        pending    08:07:00.007
///  8 child-products      cancelled  08:08:00.008, cancelled 08:13:00.000
///  9 hierarchy-duplicate pending    08:09:00.009
/// 10 product-export      cancelled  08:10:00.010, cancelled 08:14:00.000
/// 11 price-import        pending    08:11:00.011
/// </code>
/// Job 2 holds the line, so the jobs behind it stay pending. Nothing changes while the specs read them.
/// </summary>
public sealed class ListFixture : ApiFixture
{
    static readonly (string Type, string Status, JobTimes At)[] Plan =
    [
        (JobTypes.ProductExport, JobStatuses.Success, JobTimes.Finished(On("08:00:00.000"), On("08:00:00.000"), On("08:00:30.500"))),
        (JobTypes.ProductImport, JobStatuses.Failed, JobTimes.Finished(On("08:01:00.001"), On("08:01:00.001"), On("08:01:00.001"))),
        (JobTypes.HierarchyDuplicate, JobStatuses.Started, JobTimes.Running(On("08:02:00.002"), On("08:02:00.002"))),
        (JobTypes.ChildProducts, JobStatuses.Pending, JobTimes.Pending(On("08:03:00.003"))),
        (JobTypes.PriceImport, JobStatuses.Cancelled, JobTimes.Cancelled(On("08:04:00.004"), On("08:12:00.000"))),
        (JobTypes.ProductExport, JobStatuses.Pending, JobTimes.Pending(On("08:05:00.005"))),
        (JobTypes.ProductImport, JobStatuses.Pending, JobTimes.Pending(On("08:06:00.006"))),
        (JobTypes.PriceImport, JobStatuses.Pending, JobTimes.Pending(On("08:07:00.007"))),
        (JobTypes.ChildProducts, JobStatuses.Cancelled, JobTimes.Cancelled(On("08:08:00.008"), On("08:13:00.000"))),
        (JobTypes.HierarchyDuplicate, JobStatuses.Pending, JobTimes.Pending(On("08:09:00.009"))),
        (JobTypes.ProductExport, JobStatuses.Cancelled, JobTimes.Cancelled(On("08:10:00.010"), On("08:14:00.000"))),
        (JobTypes.PriceImport, JobStatuses.Pending, JobTimes.Pending(On("08:11:00.011"))),
    ];

    public IReadOnlyList<Guid> Ids { get; private set; } = [];

    static DateTimeOffset On(string time) => Expect.At($"2026-03-04T{time}Z");

    /// <summary>
    /// Plays the plan on the API's clock: set to the time of each submission, completion and cancellation before it
    /// happens, and held there until it has happened.
    /// </summary>
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var clock = Api.Clock;
        var ids = new List<Guid>();
        foreach (var (type, status, at) in Plan)
        {
            clock.SetUtcNow(at.Created);
            var behavior = status switch
            {
                JobStatuses.Failed => "fail:row 2: sku must be unique",
                JobStatuses.Success or JobStatuses.Started => "block",
                _ => null,
            };
            var id = await Api.SubmitAsync(type, behavior);
            ids.Add(id);
            if (status is JobStatuses.Success or JobStatuses.Started)
                await Api.Script.StartedAsync(id);
            if (status == JobStatuses.Success)
            {
                clock.SetUtcNow(at.Completed!.Value);
                Api.Script.Release(id);
            }

            if (status is JobStatuses.Success or JobStatuses.Failed)
                await Api.WaitForStatusAsync(id, status);
        }

        foreach (var i in Enumerable.Range(0, Plan.Length).Where(i => Plan[i].Status == JobStatuses.Cancelled).OrderBy(i => Plan[i].At.Updated))
        {
            clock.SetUtcNow(Plan[i].At.Updated);
            Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync($"/pcm/jobs/{ids[i]}/cancel", null)).Status);
        }

        Ids = ids;
    }

    /// <summary>The expected <c>pim-job</c> of job <paramref name="index"/>.</summary>
    public JsonObject Job(int index)
    {
        var (type, status, at) = Plan[index];
        return Expect.Job(Ids[index], type, status, at, Expect.SubmittedMeta(type, Ids[index]));
    }
}

/// <summary><c>GET /pcm/jobs</c>: paging, order, filters, totals and every way a request can be wrong.</summary>
public sealed class ListJobs_Specs(ListFixture fixture) : IClassFixture<ListFixture>
{
    const string Jobs = "/pcm/jobs";
    static readonly int[] All = [.. Enumerable.Range(0, 12)];

    ApiDriver Api => fixture.Api;

    static int[] NewestFirst(IEnumerable<int> indexes) => [.. indexes.OrderDescending()];

    static string Link(int offset, int limit, string? rest = null) => $"{Jobs}?page[offset]={offset}&page[limit]={limit}{rest}";

    [Fact]
    public async Task List_answers_every_job_newest_first_in_a_page_of_25_by_default()
    {
        var response = await Api.GetAsync(Jobs);

        response.Is(HttpStatusCode.OK, Expect.List(
            NewestFirst(All).Select(fixture.Job),
            (Link(0, 25), Link(0, 25), null, null),
            (25, 0, 1, 1),
            total: 12));
    }

    [Fact]
    public async Task Sort_created_at_lists_the_oldest_first_and_keeps_the_sort_in_the_links()
    {
        var response = await Api.GetAsync($"{Jobs}?sort=created_at");

        response.Is(HttpStatusCode.OK, Expect.List(
            All.Select(fixture.Job),
            (Link(0, 25, "&sort=created_at"), Link(0, 25, "&sort=created_at"), null, null),
            (25, 0, 1, 1),
            total: 12));
    }

    [Fact]
    public async Task An_empty_sort_is_the_default_order()
    {
        var response = await Api.GetAsync($"{Jobs}?sort=&page[limit]=4");

        response.Is(HttpStatusCode.OK, Expect.List(
            new[] { 11, 10, 9, 8 }.Select(fixture.Job),
            (Link(0, 4), Link(8, 4), Link(4, 4), null),
            (4, 0, 1, 3),
            total: 12));
    }

    [Fact]
    public async Task Sort_minus_created_at_lists_the_newest_first()
    {
        var response = await Api.GetAsync($"{Jobs}?sort=-created_at&page[limit]=4");

        response.Is(HttpStatusCode.OK, Expect.List(
            new[] { 11, 10, 9, 8 }.Select(fixture.Job),
            (Link(0, 4, "&sort=-created_at"), Link(8, 4, "&sort=-created_at"), Link(4, 4, "&sort=-created_at"), null),
            (4, 0, 1, 3),
            total: 12));
    }

    [Fact]
    public async Task Pages_of_five_cover_the_list_with_first_last_next_and_prev_links()
    {
        var first = await Api.GetAsync($"{Jobs}?page[limit]=5");
        var second = await Api.GetAsync($"{Jobs}?page[limit]=5&page[offset]=5");
        var third = await Api.GetAsync($"{Jobs}?page[offset]=10&page[limit]=5");

        first.Is(HttpStatusCode.OK, Expect.List(
            new[] { 11, 10, 9, 8, 7 }.Select(fixture.Job), (Link(0, 5), Link(10, 5), Link(5, 5), null), (5, 0, 1, 3), total: 12));
        second.Is(HttpStatusCode.OK, Expect.List(
            new[] { 6, 5, 4, 3, 2 }.Select(fixture.Job), (Link(0, 5), Link(10, 5), Link(10, 5), Link(0, 5)), (5, 5, 2, 3), total: 12));
        third.Is(HttpStatusCode.OK, Expect.List(
            new[] { 1, 0 }.Select(fixture.Job), (Link(0, 5), Link(10, 5), null, Link(5, 5)), (5, 10, 3, 3), total: 12));
    }

    [Fact]
    public async Task Following_next_links_visits_every_job_once_and_prev_links_lead_back()
    {
        var seen = new List<string>();
        var pages = new List<string>();
        string? next = $"{Jobs}?page[limit]=3&sort=created_at&filter=eq(status,pending)";
        while (next is not null)
        {
            pages.Add(next);
            var page = await Api.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            seen.AddRange(page.Json["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
            next = page.Json["links"]!["next"]?.GetValue<string>();
        }

        Assert.Equal(new[] { 3, 5, 6, 7, 9, 11 }.Select(i => fixture.Ids[i].ToString()), seen);
        Assert.Equal(2, pages.Count);
        var back = await Api.GetAsync(pages[^1]);
        var prev = back.Json["links"]!["prev"]!.GetValue<string>();
        Assert.Equal($"{Jobs}?page[offset]=0&page[limit]=3&filter=eq%28status%2Cpending%29&sort=created_at", prev);
        JsonAssert.Equal((await Api.GetAsync(pages[0])).Json, (await Api.GetAsync(prev)).Body);
    }

    [Fact]
    public async Task An_offset_between_pages_counts_from_that_job()
    {
        var response = await Api.GetAsync($"{Jobs}?page[limit]=5&page[offset]=3");

        response.Is(HttpStatusCode.OK, Expect.List(
            new[] { 8, 7, 6, 5, 4 }.Select(fixture.Job), (Link(0, 5), Link(10, 5), Link(8, 5), Link(0, 5)), (5, 3, 1, 3), total: 12));
    }

    [Fact]
    public async Task An_offset_past_the_end_answers_an_empty_page()
    {
        var response = await Api.GetAsync($"{Jobs}?page[limit]=5&page[offset]=20");

        response.Is(HttpStatusCode.OK, Expect.List([], (Link(0, 5), Link(10, 5), null, Link(10, 5)), (5, 20, 5, 3), total: 12));
    }

    [Fact]
    public async Task The_largest_page_and_offset_are_accepted()
    {
        var response = await Api.GetAsync($"{Jobs}?page[limit]=100&page[offset]=10000");

        response.Is(HttpStatusCode.OK, Expect.List([], (Link(0, 100), Link(0, 100), null, Link(0, 100)), (100, 10000, 101, 1), total: 12));
    }

    [Theory]
    [InlineData("eq(status,pending)", new[] { 3, 5, 6, 7, 9, 11 })]
    [InlineData("eq(status,started)", new[] { 2 })]
    [InlineData("eq(status,success)", new[] { 0 })]
    [InlineData("eq(status,failed)", new[] { 1 })]
    [InlineData("eq(status,cancelled)", new[] { 4, 8, 10 })]
    [InlineData("in(status,success,failed)", new[] { 0, 1 })]
    [InlineData("in(status,cancelled)", new[] { 4, 8, 10 })]
    [InlineData("eq(type,price-import)", new[] { 4, 7, 11 })]
    [InlineData("eq(type,product-export)", new[] { 0, 5, 10 })]
    [InlineData("in(type,child-products,hierarchy-duplicate)", new[] { 2, 3, 8, 9 })]
    [InlineData("eq(type,product-export):eq(status,pending)", new[] { 5 })]
    [InlineData("in(status,pending,cancelled):in(type,price-import,child-products)", new[] { 3, 4, 7, 8, 11 })]
    [InlineData("in(status,pending,started,failed):in(status,failed,success)", new[] { 1 })]
    [InlineData("eq(status,pending):eq(status,started)", new int[0])]
    [InlineData("eq(type,product-import):eq(status,started)", new int[0])]
    public async Task Status_and_type_filters_select_their_jobs_and_total_them_from_the_counts(string filter, int[] expected) =>
        await AssertFilterAsync(filter, expected);

    [Theory]
    [InlineData("gt(created_at,2026-03-04T08:05:00.005Z)", new[] { 6, 7, 8, 9, 10, 11 })]
    [InlineData("ge(created_at,2026-03-04T08:05:00.005Z)", new[] { 5, 6, 7, 8, 9, 10, 11 })]
    [InlineData("lt(created_at,2026-03-04T08:05:00.005Z)", new[] { 0, 1, 2, 3, 4 })]
    [InlineData("le(created_at,2026-03-04T08:05:00.005Z)", new[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData("gt(created_at,2026-03-04T08:05:00.004Z)", new[] { 5, 6, 7, 8, 9, 10, 11 })]
    [InlineData("lt(created_at,2026-03-04T08:05:00.006Z)", new[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData("ge(created_at,2026-03-04T08:05):lt(created_at,2026-03-04T08:06:00Z)", new[] { 5 })]
    [InlineData("ge(created_at,2026-03-04T08:03:00.003Z):le(created_at,2026-03-04T08:07:00.007Z)", new[] { 3, 4, 5, 6, 7 })]
    [InlineData("gt(updated_at,2026-03-04T08:11:00.011Z)", new[] { 4, 8, 10 })]
    [InlineData("ge(updated_at,2026-03-04T08:13:00.000Z)", new[] { 8, 10 })]
    [InlineData("gt(updated_at,2026-03-04T08:13:00Z)", new[] { 10 })]
    [InlineData("lt(updated_at,2026-03-04T08:03:00.003Z)", new[] { 0, 1, 2 })]
    [InlineData("le(updated_at,2026-03-04T08:01:00.001Z)", new[] { 0, 1 })]
    [InlineData("le(updated_at,2026-03-04T08:00:30.500Z)", new[] { 0 })]
    [InlineData("lt(updated_at,2026-03-04T08:00:30.500Z)", new int[0])]
    [InlineData("ge(created_at,2000-01-01)", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 })]
    [InlineData("lt(created_at,2000-01-01T00:00:00Z)", new int[0])]
    [InlineData("lt(created_at,2026-03-04)", new int[0])]
    [InlineData("lt(created_at,2026-03-05)", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 })]
    [InlineData("eq(status,pending):ge(created_at,2026-03-04T08:06:00.006Z)", new[] { 6, 7, 9, 11 })]
    [InlineData("eq(status,cancelled):ge(created_at,2000-01-01)", new[] { 4, 8, 10 })]
    [InlineData("in(type,price-import):lt(updated_at,2026-03-04T08:12:00.000Z)", new[] { 7, 11 })]
    public async Task Date_filters_select_their_jobs_and_count_the_total(string filter, int[] expected) =>
        await AssertFilterAsync(filter, expected);

    [Theory]
    [InlineData("gt(created_at,2026-03-04T10:05:00.005+02:00)", new[] { 6, 7, 8, 9, 10, 11 })]
    [InlineData("le(created_at,2026-03-04T03:05:00.005-05:00)", new[] { 0, 1, 2, 3, 4, 5 })]
    public async Task A_date_bound_may_carry_an_offset_instead_of_Z(string filter, int[] expected) =>
        await AssertFilterAsync(filter, expected);

    [Fact]
    public async Task Ten_filters_are_accepted()
    {
        var filter = string.Join(':', Enumerable.Repeat("in(status,pending,started)", 9).Append("eq(type,child-products)"));

        await AssertFilterAsync(filter, [3]);
    }

    /// <summary>A page of two of the filtered list: its first jobs, the filter kept in every link, and the filtered total.</summary>
    async Task AssertFilterAsync(string filter, int[] expected)
    {
        var response = await Api.GetAsync($"{Jobs}?filter={Uri.EscapeDataString(filter)}&page[limit]=2");

        var pages = Math.Max(1, (expected.Length + 1) / 2);
        var keep = $"&filter={Uri.EscapeDataString(filter)}";
        response.Is(HttpStatusCode.OK, Expect.List(
            NewestFirst(expected).Take(2).Select(fixture.Job),
            (Link(0, 2, keep), Link((pages - 1) * 2, 2, keep), expected.Length > 2 ? Link(2, 2, keep) : null, null),
            (2, 0, 1, pages),
            total: expected.Length));
    }

    [Fact]
    public async Task Links_keep_the_filter_and_the_sort_escaped()
    {
        var response = await Api.GetAsync($"{Jobs}?filter=eq(type,price-import)&sort=created_at&page[limit]=1&page[offset]=1");

        response.Is(HttpStatusCode.OK, Expect.List(
            [fixture.Job(7)],
            ("/pcm/jobs?page[offset]=0&page[limit]=1&filter=eq%28type%2Cprice-import%29&sort=created_at",
                "/pcm/jobs?page[offset]=2&page[limit]=1&filter=eq%28type%2Cprice-import%29&sort=created_at",
                "/pcm/jobs?page[offset]=2&page[limit]=1&filter=eq%28type%2Cprice-import%29&sort=created_at",
                "/pcm/jobs?page[offset]=0&page[limit]=1&filter=eq%28type%2Cprice-import%29&sort=created_at"),
            (1, 1, 2, 3),
            total: 3));
    }

    [Theory]
    [InlineData("page[limit]=0", "page[limit]")]
    [InlineData("page[limit]=101", "page[limit]")]
    [InlineData("page[limit]=-1", "page[limit]")]
    [InlineData("page[limit]=ten", "page[limit]")]
    [InlineData("page[limit]=2.5", "page[limit]")]
    [InlineData("page[limit]=", "page[limit]")]
    [InlineData("page[limit]=99999999999", "page[limit]")]
    [InlineData("page[offset]=-1", "page[offset]")]
    [InlineData("page[offset]=10001", "page[offset]")]
    [InlineData("page[offset]=first", "page[offset]")]
    [InlineData("page[offset]=1e3", "page[offset]")]
    public async Task Paging_out_of_range_or_not_a_number_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var response = await Api.GetAsync($"{Jobs}?{query}");

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest(
            parameter == "page[limit]" ? "page[limit] must be a whole number from 1 to 100." : "page[offset] must be a whole number from 0 to 10000.",
            parameter));
    }

    [Theory]
    [InlineData("eq(state,pending)", "jobs cannot be filtered by 'state'")]
    [InlineData("eq(id,0b7f6a52-4c1d-4c55-9a57-1f3e2d9c8b10)", "jobs cannot be filtered by 'id'")]
    [InlineData("like(type,product-*)", "like is not supported on type")]
    [InlineData("gt(status,pending)", "gt is not supported on status")]
    [InlineData("in(created_at,2024-01-05)", "in is not supported on created_at")]
    [InlineData("eq(updated_at,2024-01-05T00:00:00Z)", "eq is not supported on updated_at")]
    [InlineData("gt(created_at,yesterday)", "'yesterday' is not an ISO 8601 date-time")]
    [InlineData("ge(updated_at,2024-13-45)", "'2024-13-45' is not an ISO 8601 date-time")]
    [InlineData("lt(created_at,11/29/2026)", "'11/29/2026' is not an ISO 8601 date-time")]
    [InlineData("lt(created_at,29 Nov 2026)", "'29 Nov 2026' is not an ISO 8601 date-time")]
    [InlineData("eq(status,running)", "'running' is not a job status; it must be one of pending, cancelled, started, success, failed")]
    [InlineData("eq(status,PENDING)", "'PENDING' is not a job status; it must be one of pending, cancelled, started, success, failed")]
    [InlineData("in(status,pending,done)", "'done' is not a job status; it must be one of pending, cancelled, started, success, failed")]
    [InlineData("eq(type,pricebook-import)", "'pricebook-import' is not a job type; it must be one of child-products, product-import, product-export, hierarchy-duplicate, price-import")]
    [InlineData("in(type,product-export,product_export)", "'product_export' is not a job type; it must be one of child-products, product-import, product-export, hierarchy-duplicate, price-import")]
    [InlineData("eq(status,pending):eq(status,started):eq(status,success):eq(status,failed):eq(status,cancelled):eq(type,child-products):eq(type,product-import):eq(type,product-export):eq(type,hierarchy-duplicate):eq(type,price-import):eq(status,pending)", "at most 10 filters are allowed")]
    [InlineData("status=pending", "'status=pending' is not of the form op(field,value)")]
    [InlineData("eq(status,pending", "'eq(status,pending' is not of the form op(field,value)")]
    [InlineData("eq(status,pending):", "an expression is empty")]
    [InlineData(":eq(status,pending)", "':eq(status,pending)' is not of the form op(field,value)")]
    [InlineData("eq(status,pending)eq(type,price-import)", "'eq(status,pending)eq(type,price-import)' is not of the form op(field,value)")]
    [InlineData("EQ(status,pending)", "'EQ(status,pending)' is not of the form op(field,value)")]
    [InlineData("eq(status)", "'eq(status)' is not of the form op(field,value)")]
    [InlineData("eq(status,(pending))", "'eq(status,(pending))' is not of the form op(field,value)")]
    [InlineData("garbage", "'garbage' is not of the form op(field,value)")]
    public async Task A_filter_that_does_not_parse_is_a_400_that_says_why(string filter, string reason)
    {
        var response = await Api.GetAsync($"{Jobs}?filter={Uri.EscapeDataString(filter)}");

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest($"{Expect.BadFilter}: {reason}", "filter"));
    }

    [Theory]
    [InlineData("type")]
    [InlineData("updated_at")]
    [InlineData("+created_at")]
    [InlineData("created_at,-created_at")]
    public async Task A_sort_other_than_created_at_is_a_400(string sort)
    {
        var response = await Api.GetAsync($"{Jobs}?sort={Uri.EscapeDataString(sort)}");

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest($"sort must be created_at or -created_at, not '{sort}'.", "sort"));
    }
}

/// <summary><c>GET /pcm/jobs</c> on lists the shared twelve jobs cannot show.</summary>
public sealed class ListJobsAlone_Specs
{
    [Fact]
    public async Task An_empty_list_has_one_empty_page()
    {
        await using var factory = new JobsApiFactory();
        var api = new ApiDriver(factory);

        var response = await api.GetAsync("/pcm/jobs");

        response.Is(HttpStatusCode.OK, """
            {"data":[],
             "links":{"first":"/pcm/jobs?page[offset]=0&page[limit]=25","last":"/pcm/jobs?page[offset]=0&page[limit]=25","next":null,"prev":null},
             "meta":{"page":{"limit":25,"offset":0,"current":1,"total":1},"results":{"total":0}}}
            """);
    }

    [Fact]
    public async Task The_default_page_holds_the_newest_25_and_the_totals_follow_every_change()
    {
        // A second apart, so that created_at alone orders them.
        var start = Expect.At("2026-03-04T07:00:00.250Z");
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { ["Jobs:Runner:Enabled"] = "false" }, new FakeTimeProvider(start));
        var api = new ApiDriver(factory);
        var ids = new List<Guid>();
        for (var i = 0; i < 27; i++)
        {
            api.Clock.SetUtcNow(start.AddSeconds(i));
            ids.Add(await api.SubmitAsync(JobTypes.All[i % JobTypes.All.Count]));
        }

        JsonObject Job(int i) => Expect.Job(ids[i], JobTypes.All[i % JobTypes.All.Count], JobStatuses.Pending, JobTimes.Pending(start.AddSeconds(i)),
            Expect.SubmittedMeta(JobTypes.All[i % JobTypes.All.Count], ids[i]));

        var first = await api.GetAsync("/pcm/jobs");
        var second = await api.GetAsync("/pcm/jobs?page[offset]=25");

        first.Is(HttpStatusCode.OK, Expect.List(
            Enumerable.Range(2, 25).Reverse().Select(Job),
            ("/pcm/jobs?page[offset]=0&page[limit]=25", "/pcm/jobs?page[offset]=25&page[limit]=25", "/pcm/jobs?page[offset]=25&page[limit]=25", null),
            (25, 0, 1, 2),
            total: 27));
        second.Is(HttpStatusCode.OK, Expect.List(
            new[] { 1, 0 }.Select(Job),
            ("/pcm/jobs?page[offset]=0&page[limit]=25", "/pcm/jobs?page[offset]=25&page[limit]=25", null, "/pcm/jobs?page[offset]=0&page[limit]=25"),
            (25, 25, 2, 2),
            total: 27));

        // The counts behind the totals move with every cancellation.
        foreach (var i in new[] { 0, 5, 10 })
            Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/pcm/jobs/{ids[i]}/cancel", "{}")).Status);
        Assert.Equal(24, await TotalAsync(api, "eq(status,pending)"));
        Assert.Equal(3, await TotalAsync(api, "eq(status,cancelled)"));
        Assert.Equal(3, await TotalAsync(api, "eq(status,cancelled):ge(created_at,2000-01-01)"));
        Assert.Equal(3, await TotalAsync(api, "eq(type,child-products):eq(status,cancelled)"));
        Assert.Equal(27, await TotalAsync(api, "in(status,pending,cancelled)"));
        Assert.Equal(0, await TotalAsync(api, "in(status,started,success,failed)"));
    }

    static async Task<long> TotalAsync(ApiDriver api, string filter)
    {
        var response = await api.GetAsync($"/pcm/jobs?filter={Uri.EscapeDataString(filter)}");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json["meta"]!["results"]!["total"]!.GetValue<long>();
    }
}
