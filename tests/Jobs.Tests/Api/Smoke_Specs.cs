using System.Net;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests.Api;

/// <summary>A job's whole life through the API, in embedded mode: submitted, waiting its turn, started, done.</summary>
public sealed class Smoke_Specs
{
    [Fact]
    public async Task A_job_is_pending_then_started_then_successful_and_each_is_what_the_api_shows()
    {
        var firstSubmitted = Expect.At("2026-03-04T09:00:00.000Z");
        var submitted = Expect.At("2026-03-04T09:00:01.500Z");
        var firstReleased = Expect.At("2026-03-04T09:00:03.000Z");
        var released = Expect.At("2026-03-04T09:00:04.750Z");
        await using var factory = new JobsApiFactory(clock: new FakeTimeProvider(firstSubmitted));
        var api = new ApiDriver(factory);
        var first = await api.SubmitAsync(JobTypes.ProductExport, "block");
        await api.Script.StartedAsync(first);

        var id = Guid.NewGuid();
        factory.Clock.SetUtcNow(submitted);
        var answer = await api.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductImport, id, behavior: "block"), headers: ("X-Request-Id", "smoke"));
        answer.Is(HttpStatusCode.Created, Expect.Document(Expect.Job(id, JobTypes.ProductImport, JobStatuses.Pending, JobTimes.Pending(submitted), Expect.Meta("smoke"))));

        factory.Clock.SetUtcNow(firstReleased);
        api.Script.Release(first);
        await api.Script.StartedAsync(id);
        (await api.GetAsync(answer.Location!)).Is(HttpStatusCode.OK,
            Expect.Document(Expect.Job(id, JobTypes.ProductImport, JobStatuses.Started, JobTimes.Running(submitted, firstReleased), Expect.Meta("smoke"))));

        factory.Clock.SetUtcNow(released);
        api.Script.Release(id);
        await api.WaitForStatusAsync(id, JobStatuses.Success);
        var done = Expect.Job(id, JobTypes.ProductImport, JobStatuses.Success, JobTimes.Finished(submitted, firstReleased, released), Expect.Meta("smoke"));
        (await api.GetAsync(answer.Location!)).Is(HttpStatusCode.OK, Expect.Document(done));
        (await api.GetAsync("/pcm/jobs?filter=eq(status,success)&sort=created_at")).Is(HttpStatusCode.OK, Expect.List(
            [
                Expect.Job(first, JobTypes.ProductExport, JobStatuses.Success, JobTimes.Finished(firstSubmitted, firstSubmitted, firstReleased),
                    Expect.SubmittedMeta(JobTypes.ProductExport, first)),
                done,
            ],
            ("/pcm/jobs?page[offset]=0&page[limit]=25&filter=eq%28status%2Csuccess%29&sort=created_at",
                "/pcm/jobs?page[offset]=0&page[limit]=25&filter=eq%28status%2Csuccess%29&sort=created_at", null, null),
            (25, 0, 1, 1),
            total: 2));
        Assert.Equal([first, id], api.Script.Runs.Select(r => r.JobId));
    }
}
