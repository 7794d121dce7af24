using System.Net;
using System.Text.Json.Nodes;
using Jobs.Api.Http;
using Jobs.Contracts;
using Jobs.Tests.Support;

namespace Jobs.Tests.Api;

/// <summary>
/// A token acts on its store only: a store's jobs are invisible to every other store (a 404, never a 403, so that a job
/// of another store is not even known to exist), lists and their totals are the store's, and a submission lands in the
/// token's store. The runner is paused, so every job stays pending.
/// </summary>
public sealed class Stores_Specs(PausedRunnerFixture fixture) : IClassFixture<PausedRunnerFixture>
{
    ApiDriver StoreA => fixture.Api.As(TestAuth.StoreA);

    ApiDriver StoreB => fixture.Api.As(TestAuth.StoreB);

    static string Status(ApiResponse job) => job.Json["data"]!["attributes"]!["status"]!.GetValue<string>();

    [Fact]
    public async Task A_submission_lands_in_the_store_of_the_token()
    {
        var id = Guid.NewGuid();

        var response = await StoreA.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport, id));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(TestAuth.StoreA, await StoreA.RecordedStoreAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await StoreA.GetAsync($"/pcm/jobs/{id}")).Status);
    }

    [Fact]
    public async Task Another_store_cannot_get_read_the_errors_of_cancel_or_list_a_job_and_learns_nothing_of_it()
    {
        var id = await StoreA.SubmitAsync(JobTypes.HierarchyDuplicate);

        var got = await StoreB.GetAsync($"/pcm/jobs/{id}");
        var errors = await StoreB.GetAsync($"/pcm/jobs/{id}/errors");
        var cancelled = await StoreB.PostAsync($"/pcm/jobs/{id}/cancel", "{}");
        var listed = await StoreB.GetAsync("/pcm/jobs?page[limit]=100");
        var unknown = Guid.NewGuid();
        var neverSubmitted = await StoreB.GetAsync($"/pcm/jobs/{unknown}");

        got.Is(HttpStatusCode.NotFound, Expect.NotFound($"job {id} not found"));
        errors.Is(HttpStatusCode.NotFound, Expect.NotFound($"job {id} not found"));
        cancelled.Is(HttpStatusCode.NotFound, Expect.NotFound($"job {id} not found"));
        Assert.DoesNotContain(listed.Json["data"]!.AsArray(), j => j!["id"]!.GetValue<string>() == id.ToString());
        // Just as a job that does not exist at all.
        neverSubmitted.Is(HttpStatusCode.NotFound, Expect.NotFound($"job {unknown} not found"));
        Assert.Equal(JobStatuses.Pending, Status(await StoreA.GetAsync($"/pcm/jobs/{id}")));
    }

    [Fact]
    public async Task A_store_cancels_its_own_job_through_the_saga_which_knows_its_store()
    {
        // The saga answers a cancel naming another store JobNotFound: a 200 here says the command named store-a.
        var id = await StoreA.SubmitAsync(JobTypes.PriceImport);

        var cancelled = await StoreA.PostAsync($"/pcm/jobs/{id}/cancel", "{}");

        Assert.Equal(HttpStatusCode.OK, cancelled.Status);
        Assert.Equal(JobStatuses.Cancelled, Status(cancelled));
    }

    [Fact]
    public async Task A_job_id_in_use_in_another_store_is_a_409_that_names_no_job_and_changes_nothing()
    {
        var id = Guid.NewGuid();
        var original = await StoreA.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport, id));
        Assert.Equal(HttpStatusCode.Created, original.Status);

        var taken = await StoreB.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport, id));

        taken.Is(HttpStatusCode.Conflict, Expect.Errors(Expect.Error(409, "Conflict", $"job id {id} is already in use; choose another", pointer: "/data/id")));
        Assert.Equal(TestAuth.StoreA, await StoreA.RecordedStoreAsync(id));
        (await StoreA.GetAsync($"/pcm/jobs/{id}")).Is(HttpStatusCode.OK, original.Json);
        Assert.Equal(HttpStatusCode.NotFound, (await StoreB.GetAsync($"/pcm/jobs/{id}")).Status);
    }

    [Fact]
    public async Task An_idempotency_key_whose_job_id_is_in_use_in_another_store_is_a_409_that_names_no_job()
    {
        var key = $"collision-{Guid.NewGuid()}";
        var taken = JobIds.FromIdempotencyKey(TestAuth.StoreB, key);
        Assert.Equal(HttpStatusCode.Created, (await StoreA.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport, taken))).Status);

        var response = await StoreB.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport), headers: ("Idempotency-Key", key));

        response.Is(HttpStatusCode.Conflict, Expect.Errors(Expect.Error(409, "Conflict", "the Idempotency-Key names a job id that is already in use; choose another key")));
        Assert.Equal(TestAuth.StoreA, await StoreA.RecordedStoreAsync(taken));
    }

    [Fact]
    public async Task The_same_idempotency_key_in_two_stores_makes_a_job_in_each()
    {
        var key = $"nightly-export-{Guid.NewGuid()}";
        var body = ApiDriver.SubmitBody(JobTypes.ProductExport);

        var inA = await StoreA.PostAsync("/pcm/jobs", body, headers: ("Idempotency-Key", key));
        var inB = await StoreB.PostAsync("/pcm/jobs", body, headers: ("Idempotency-Key", key));
        var againInA = await StoreA.PostAsync("/pcm/jobs", body, headers: ("Idempotency-Key", key));

        Assert.Equal(HttpStatusCode.Created, inA.Status);
        Assert.Equal(HttpStatusCode.Created, inB.Status);
        Assert.Equal(HttpStatusCode.OK, againInA.Status);
        var (a, b) = (Guid.Parse(inA.Json["data"]!["id"]!.GetValue<string>()), Guid.Parse(inB.Json["data"]!["id"]!.GetValue<string>()));
        Assert.NotEqual(a, b);
        Assert.Equal(a.ToString(), againInA.Json["data"]!["id"]!.GetValue<string>());
        Assert.Equal(TestAuth.StoreA, await StoreA.RecordedStoreAsync(a));
        Assert.Equal(TestAuth.StoreB, await StoreB.RecordedStoreAsync(b));
    }
}

/// <summary>Totals, filters, paging and counts, store by store, on an API of their own (nothing else recorded).</summary>
public sealed class StoreTotals_Specs
{
    [Fact]
    public async Task Each_store_lists_and_counts_its_own_jobs_only()
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { ["Jobs:Runner:Enabled"] = "false" });
        var (a, b, other) = (new ApiDriver(factory, TestAuth.StoreA), new ApiDriver(factory, TestAuth.StoreB), new ApiDriver(factory));
        var inA = new List<Guid>();
        foreach (var type in new[] { JobTypes.ProductExport, JobTypes.ProductExport, JobTypes.ProductImport })
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(1));
            inA.Add(await a.SubmitAsync(type));
        }

        var inB = await b.SubmitAsync(JobTypes.ProductExport);
        Assert.Equal(HttpStatusCode.OK, (await a.PostAsync($"/pcm/jobs/{inA[0]}/cancel", "{}")).Status);

        Assert.Equal(3, await TotalAsync(a, ""));
        Assert.Equal(1, await TotalAsync(b, ""));
        Assert.Equal(0, await TotalAsync(other, ""));
        Assert.Equal(2, await TotalAsync(a, "eq(type,product-export)"));
        Assert.Equal(1, await TotalAsync(b, "eq(type,product-export)"));
        Assert.Equal(1, await TotalAsync(a, "eq(status,cancelled)"));
        Assert.Equal(0, await TotalAsync(b, "eq(status,cancelled)"));
        // Counted over the jobs rather than from job_counts: a date bound.
        Assert.Equal(3, await TotalAsync(a, "ge(created_at,2000-01-01)"));
        Assert.Equal(1, await TotalAsync(b, "ge(created_at,2000-01-01)"));

        var page = await a.GetAsync("/pcm/jobs?page[limit]=2&sort=created_at");
        Assert.Equal([inA[0], inA[1]], page.Json["data"]!.AsArray().Select(j => Guid.Parse(j!["id"]!.GetValue<string>())));
        JsonAssert.Equal(new JsonObject
        {
            ["page"] = new JsonObject { ["limit"] = 2, ["offset"] = 0, ["current"] = 1, ["total"] = 2 },
            ["results"] = new JsonObject { ["total"] = 3 },
        }, page.Json["meta"]!.ToJsonString());
        Assert.Equal("/pcm/jobs?page[offset]=2&page[limit]=2&sort=created_at", page.Json["links"]!["next"]!.GetValue<string>());
        Assert.Equal([inB], (await b.GetAsync("/pcm/jobs")).Json["data"]!.AsArray().Select(j => Guid.Parse(j!["id"]!.GetValue<string>())));
    }

    static async Task<long> TotalAsync(ApiDriver api, string filter)
    {
        var response = await api.GetAsync($"/pcm/jobs?filter={Uri.EscapeDataString(filter)}");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json["meta"]!["results"]!["total"]!.GetValue<long>();
    }
}
