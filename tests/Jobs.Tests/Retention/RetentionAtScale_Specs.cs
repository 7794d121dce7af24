using Jobs.Contracts;
using Jobs.Tests.Support;

namespace Jobs.Tests.Retention;

/// <summary>
/// A hundred thousand old finished jobs go in batches of <c>Jobs:Retention:BatchSize</c> (500 by default), each batch a
/// short step of its own, so that a store's line keeps running jobs in the middle of the pass; the totals are exact after.
/// </summary>
public sealed class RetentionAtScale_Specs
{
    const int Old = 100_000;
    const int BatchSize = 500;
    const uint Tag = 0x01d10b5;

    [Fact]
    public async Task A_hundred_thousand_old_jobs_go_in_batches_while_a_stores_line_keeps_running_jobs()
    {
        await using var scene = await RetentionScene.StartAsync();
        var api = scene.Api;
        // Every status and type, over the three stores and a fourth no client lists, last updated a year ago.
        await scene.DatabaseAsync(async db =>
        {
            await SeededJobs.InsertFinishedAsync(db, Old, RetentionScene.Start - TimeSpan.FromDays(365), [.. RetentionScene.Stores, "store-c"], Tag);
            return 0;
        });
        await scene.AssertTotalsAsync();
        // Half-way through, retention is held just before it deletes its next batch, with the files of its first job.
        scene.Files.HoldAt = Old / 2 + 1;

        var tick = api.Advance(RetentionScene.Interval);
        await scene.Files.HeldAsync();
        var leftWhileHeld = await scene.DatabaseAsync(db => SeededJobs.CountAsync(db, Tag));
        // The default store's line runs jobs meanwhile, in their order.
        var line = new List<Guid>();
        for (var i = 0; i < 10; i++)
            line.Add(await api.SubmitAsync(JobTypes.ProductExport));
        foreach (var job in line)
            await api.WaitForStatusAsync(job, JobStatuses.Success);
        scene.Files.Release();
        var pass = await scene.PassAsync(tick);

        Assert.Equal(Old / 2, leftWhileHeld);
        Assert.Equal(line, api.Script.Runs.Select(r => r.JobId));
        Assert.Equal(Old, pass.Deleted);
        Assert.Equal(Old / BatchSize, pass.Batches);
        Assert.Equal(0, await scene.DatabaseAsync(db => SeededJobs.CountAsync(db, Tag)));
        Assert.Equal(line.Count, await api.ListedTotalAsync());
        await scene.AssertTotalsAsync();
    }
}
