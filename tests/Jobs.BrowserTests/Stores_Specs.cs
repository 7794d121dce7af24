using Jobs.BrowserTests.Support;
using Jobs.Contracts;
using Jobs.Tests.Support;

namespace Jobs.BrowserTests;

/// <summary>The page shows the signed-in store's jobs only, as the API does.</summary>
public sealed class Stores_Specs
{
    [Fact]
    public async Task A_store_sees_its_own_line_and_jobs_and_none_of_another_stores()
    {
        await using var server = DashboardServer.Start();
        var storeA = server.Api(TestAuth.StoreA);
        var runningA = await storeA.SubmitAsync(JobTypes.ProductImport, "block");
        await server.Script.StartedAsync(runningA);
        var waitingA = await storeA.SubmitAsync(JobTypes.ProductExport);
        var storeB = server.Api(TestAuth.StoreB);
        var finishedB = await storeB.SubmitAsync(JobTypes.ChildProducts);
        await storeB.WaitForStatusAsync(finishedB, JobStatuses.Success);
        using var browser = new Browser();

        var page = DashboardPage.SignedIn(browser, server, TestAuth.StoreB);

        page.Choose("status-filter", "");
        page.WaitForListed((finishedB, JobStatuses.Success));
        page.WaitForLine(started: null);
        Assert.Equal("Nothing is running; no job is waiting.", page.Text("line-summary"));
        var source = browser.Driver.PageSource;
        Assert.DoesNotContain(runningA.ToString(), source, StringComparison.Ordinal);
        Assert.DoesNotContain(waitingA.ToString(), source, StringComparison.Ordinal);
    }
}
