using System.Net;
using Jobs.Contracts;
using Jobs.Tests.Api;
using Jobs.Tests.Support;
using Jobs.Worker.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jobs.Tests.Retention;

/// <summary>
/// Finished jobs (success, failed, cancelled) go, with their files, once their last update is older than
/// <c>Jobs:Retention:FinishedJobs</c> (30 days by default); younger jobs, and pending and started ones whatever their age,
/// stay, and the totals follow. The clock is the test's: retention acts when a spec moves it.
/// </summary>
public sealed class Retention_Specs
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task<List<string>> FileLinksAsync(ApiDriver api, Guid jobId)
    {
        var job = await api.GetAsync($"/pcm/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, job.Status);
        return [.. job.Json["data"]!["meta"]!["file_locations"]!.AsArray().Select(x => x!.GetValue<string>())];
    }

    static async Task<(HttpStatusCode Status, string Body)> DownloadAsync(ApiDriver api, string link)
    {
        using var response = await api.Http.GetAsync(link, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Old_finished_jobs_go_with_their_files_while_younger_pending_and_started_ones_stay()
    {
        await using var scene = await RetentionScene.StartAsync(new Dictionary<string, string?> { ["Jobs:Retention:BatchSize"] = "2" });
        var api = scene.Api;

        // At the start: an export that succeeded with two files, an import that failed and a price import cancelled while
        // it waited (each with its upload), and the export that held the line meanwhile.
        var exported = await api.SubmitAsync(JobTypes.ProductExport, "files:part_1.csv,part_2.csv");
        await api.WaitForStatusAsync(exported, JobStatuses.Success);
        var failed = await api.SubmitAsync(JobTypes.ProductImport, "fail:row 2: sku must be unique");
        await scene.SaveFileAsync(JobStores.Default, failed, "upload.csv");
        await api.WaitForStatusAsync(failed, JobStatuses.Failed);
        var holder = await api.SubmitAsync(JobTypes.ProductExport, "block");
        await api.Script.StartedAsync(holder);
        var cancelled = await api.SubmitAsync(JobTypes.PriceImport);
        await scene.SaveFileAsync(JobStores.Default, cancelled, "prices.jsonl");
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/pcm/jobs/{cancelled}/cancel", null)).Status);
        api.Script.Release(holder);
        await api.WaitForStatusAsync(holder, JobStatuses.Success);
        var old = new[] { exported, failed, holder, cancelled };
        // Far older than the age, but pending and started: store-b's, whose line no runner serves, each with a file.
        var (pending, started) = await scene.DatabaseAsync(async db => (
            await SeededJobs.InsertAsync(db, TestAuth.StoreB, JobStatuses.Pending, RetentionScene.Start - TimeSpan.FromDays(90), -1),
            await SeededJobs.InsertAsync(db, TestAuth.StoreB, JobStatuses.Started, RetentionScene.Start - TimeSpan.FromDays(90), -2)));
        await scene.SaveFileAsync(TestAuth.StoreB, pending, "upload.csv");
        await scene.SaveFileAsync(TestAuth.StoreB, started, "upload.csv");
        // Twenty days on, an export that finishes then.
        api.Advance(TimeSpan.FromDays(20));
        var young = await api.SubmitAsync(JobTypes.ProductExport, "files:part_1.csv");
        await api.WaitForStatusAsync(young, JobStatuses.Success);
        // A minute short of the first jobs' age they are all still there, and a client reads the export's file links.
        var justBefore = api.Advance(TimeSpan.FromDays(10) - TimeSpan.FromMinutes(1));
        await scene.PassAsync(justBefore);
        foreach (var job in old)
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/pcm/jobs/{job}")).Status);
        var links = await FileLinksAsync(api, exported);

        var now = api.Advance(RetentionScene.Interval + TimeSpan.FromMinutes(2));
        await scene.PassAsync(now);

        foreach (var gone in old)
        {
            (await api.GetAsync($"/pcm/jobs/{gone}")).Is(HttpStatusCode.NotFound, Expect.NotFound($"job {gone} not found"));
            Assert.False(scene.HasFiles(JobStores.Default, gone), $"job {gone}'s files are still kept");
        }

        Assert.Equal(2, links.Count);
        foreach (var link in links)
        {
            var (status, body) = await DownloadAsync(api, link);
            Assert.Equal(HttpStatusCode.NotFound, status);
            JsonAssert.Equal(Expect.NotFound("This file is no longer kept: its job's files have been removed."), body);
        }

        Assert.Equal(JobStatuses.Success, await scene.RecordedStatusAsync(young));
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(api, Assert.Single(await FileLinksAsync(api, young)))).Status);
        Assert.Equal(JobStatuses.Pending, await scene.RecordedStatusAsync(pending));
        Assert.Equal(JobStatuses.Started, await scene.RecordedStatusAsync(started));
        Assert.True(scene.HasFiles(TestAuth.StoreB, pending) && scene.HasFiles(TestAuth.StoreB, started), "a kept job's files were removed");
        await scene.AssertTotalsAsync();
        Assert.Equal(1, await api.ListedTotalAsync());
        Assert.Equal(2, await api.As(TestAuth.StoreB).ListedTotalAsync());
        // Four jobs, in batches of two, logged by the pass that deleted them.
        Assert.Equal(4, scene.Log.Passes.Sum(p => p.Deleted));
        Assert.Equal(2, scene.Log.Passes.Sum(p => p.Batches));
    }

    [Fact]
    public async Task A_finished_job_stays_until_its_last_update_is_older_than_the_age()
    {
        await using var scene = await RetentionScene.StartAsync();
        var api = scene.Api;
        var job = await api.SubmitAsync(JobTypes.ProductExport, "files:part_1.csv");
        await api.WaitForStatusAsync(job, JobStatuses.Success);

        // An interval short of the age, every pass so far has left it.
        var early = api.Advance(RetentionScene.Age - RetentionScene.Interval);
        await scene.PassAsync(early);
        var kept = await scene.RecordedStatusAsync(job);
        var keptFiles = scene.HasFiles(JobStores.Default, job);
        var late = api.Advance(RetentionScene.Interval * 2);
        await scene.PassAsync(late);

        Assert.Equal(JobStatuses.Success, kept);
        Assert.True(keptFiles);
        Assert.Null(await scene.RecordedStatusAsync(job));
        Assert.False(scene.HasFiles(JobStores.Default, job));
        Assert.Equal(0, await api.ListedTotalAsync());
    }

    [Fact]
    public async Task Retention_turned_off_deletes_nothing()
    {
        await using var scene = await RetentionScene.StartAsync(new Dictionary<string, string?> { ["Jobs:Retention:Enabled"] = "false" });
        var api = scene.Api;
        var job = await api.SubmitAsync(JobTypes.ProductExport, "files:part_1.csv");
        await api.WaitForStatusAsync(job, JobStatuses.Success);
        var old = await scene.DatabaseAsync(db => SeededJobs.InsertAsync(db, TestAuth.StoreB, JobStatuses.Failed, RetentionScene.Start - TimeSpan.FromDays(365), -1));

        // Retention ends as the worker starts: nothing is left that could delete a job later.
        var retention = scene.App.Services.GetServices<IHostedService>().OfType<JobRetention>().Single();
        await Eventually.HoldsAsync(() => retention.ExecuteTask?.IsCompleted == true, TimeSpan.FromSeconds(30), () => "retention to end");
        // Far enough for an enabled retention to delete the job, as the spec above shows.
        api.Advance(RetentionScene.Age + RetentionScene.Interval * 2);

        Assert.True(retention.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(JobStatuses.Success, await scene.RecordedStatusAsync(job));
        Assert.Equal(JobStatuses.Failed, await scene.RecordedStatusAsync(old));
        Assert.True(scene.HasFiles(JobStores.Default, job));
        Assert.Empty(scene.Log.Passes);
        Assert.Contains("Retention is off (Jobs:Retention:Enabled is false): finished jobs are kept", scene.Log.Messages);
        await scene.AssertTotalsAsync();
    }
}
