using System.Net;
using Jobs.Contracts;
using Jobs.Tests.Support;

namespace Jobs.Tests.Api;

/// <summary>A job's whole life through the API, in embedded mode: submitted, waiting its turn, started, done.</summary>
public sealed class Smoke_Specs
{
    [Fact]
    public async Task A_job_is_pending_then_started_then_successful_and_each_is_what_the_api_shows()
    {
        await using var factory = new JobsApiFactory();
        var api = new ApiDriver(factory);
        var first = await api.SubmitAsync(JobTypes.ProductExport, "block");
        await api.Script.StartedAsync(first);

        var id = Guid.NewGuid();
        var submitted = await api.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductImport, id, behavior: "block"), headers: ("X-Request-Id", "smoke"));
        submitted.Is(HttpStatusCode.Created, Expect.Document(Expect.Job(id, JobTypes.ProductImport, JobStatuses.Pending, await api.RowAsync(id), Expect.Meta("smoke"))));

        api.Script.Release(first);
        await api.Script.StartedAsync(id);
        var started = await api.WaitForStatusAsync(id, JobStatuses.Started);
        (await api.GetAsync(submitted.Location!)).Is(HttpStatusCode.OK,
            Expect.Document(Expect.Job(id, JobTypes.ProductImport, JobStatuses.Started, started, Expect.Meta("smoke"))));

        api.Script.Release(id);
        var done = await api.WaitForStatusAsync(id, JobStatuses.Success);
        (await api.GetAsync(submitted.Location!)).Is(HttpStatusCode.OK,
            Expect.Document(Expect.Job(id, JobTypes.ProductImport, JobStatuses.Success, done, Expect.Meta("smoke"))));
        (await api.GetAsync("/pcm/jobs?filter=eq(status,success)&sort=created_at")).Is(HttpStatusCode.OK, Expect.List(
            [
                Expect.Job(first, JobTypes.ProductExport, JobStatuses.Success, await api.RowAsync(first), Expect.SubmittedMeta(JobTypes.ProductExport, first)),
                Expect.Job(id, JobTypes.ProductImport, JobStatuses.Success, done, Expect.Meta("smoke")),
            ],
            ("/pcm/jobs?page[offset]=0&page[limit]=25&filter=eq%28status%2Csuccess%29&sort=created_at",
                "/pcm/jobs?page[offset]=0&page[limit]=25&filter=eq%28status%2Csuccess%29&sort=created_at", null, null),
            (25, 0, 1, 1),
            total: 2));
        Assert.Equal([first, id], api.Script.Runs.Select(r => r.JobId));
    }
}
