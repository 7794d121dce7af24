using Jobs.BrowserTests.Support;
using Jobs.Contracts;

namespace Jobs.BrowserTests;

/// <summary>The jobs list: the finished jobs by default, any status or type on demand.</summary>
public sealed class Filters_Specs
{
    [Fact]
    public async Task The_list_shows_finished_jobs_and_filters_them_by_status_and_type()
    {
        await using var server = DashboardServer.Start();
        var api = server.Api();
        var built = await api.SubmitAsync(JobTypes.ChildProducts);
        await api.WaitForStatusAsync(built, JobStatuses.Success);
        var failed = await api.SubmitAsync(JobTypes.HierarchyDuplicate, "fail:the source hierarchy is gone");
        await api.WaitForStatusAsync(failed, JobStatuses.Failed);
        var priced = await api.SubmitAsync(JobTypes.PriceImport);
        await api.WaitForStatusAsync(priced, JobStatuses.Success);
        var running = await api.SubmitAsync(JobTypes.ProductImport, "block");
        await server.Script.StartedAsync(running);
        var cancelled = await api.SubmitAsync(JobTypes.ChildProducts);
        await api.PostAsync($"/pcm/jobs/{cancelled}/cancel", null, null);
        var waiting = await api.SubmitAsync(JobTypes.ProductExport);
        using var browser = new Browser();
        var page = DashboardPage.SignedIn(browser, server, JobStores.Default);

        page.WaitForListed((built, JobStatuses.Success), (failed, JobStatuses.Failed), (priced, JobStatuses.Success), (cancelled, JobStatuses.Cancelled));

        page.Choose("status-filter", JobStatuses.Failed);
        page.WaitForListed((failed, JobStatuses.Failed));

        page.Choose("status-filter", "");
        page.Choose("type-filter", JobTypes.ChildProducts);
        page.WaitForListed((built, JobStatuses.Success), (cancelled, JobStatuses.Cancelled));

        page.Choose("status-filter", JobStatuses.Pending);
        page.Choose("type-filter", "");
        page.WaitForListed((waiting, JobStatuses.Pending));

        page.Choose("status-filter", JobStatuses.Started);
        page.WaitForListed((running, JobStatuses.Started));
        Assert.Equal("Jobs 1–1 of 1, newest first.", page.Text("jobs-count"));
    }
}
