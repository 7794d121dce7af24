using Jobs.BrowserTests.Support;
using Jobs.Contracts;
using OpenQA.Selenium;

namespace Jobs.BrowserTests;

/// <summary>The store's line on the page, as it moves: the started job with its progress, the pending ones with their places.</summary>
public sealed class Line_Specs
{
    [Fact]
    public async Task The_line_moves_on_the_page_without_a_reload()
    {
        await using var server = DashboardServer.Start();
        var api = server.Api();
        var first = await api.SubmitAsync(JobTypes.ProductImport, "progress:40:Imported 400 of 1,000 rows");
        await server.Script.StartedAsync(first);
        var second = await api.SubmitAsync(JobTypes.ProductExport, "block");
        var third = await api.SubmitAsync(JobTypes.HierarchyDuplicate, "block");
        using var browser = new Browser();
        var page = DashboardPage.SignedIn(browser, server, JobStores.Default);

        page.WaitForLine(first, second, third);
        browser.Until(d => d.FindElement(By.CssSelector("#running .progress-text")).Text == "40% · Imported 400 of 1,000 rows", "the first job's progress");
        Assert.Equal("A product-import job is running; 2 jobs are waiting.", page.Text("line-summary"));
        page.MarkWindow("before the line moved");

        server.Script.Release(first);

        page.WaitForLine(second, third);
        Assert.Equal("A product-export job is running; 1 job is waiting.", page.Text("line-summary"));
        page.WaitForListed((first, JobStatuses.Success));
        Assert.Equal("before the line moved", page.WindowMark);
    }

    [Fact]
    public async Task The_started_job_shows_how_long_it_has_been_running()
    {
        // The API's clock stands two minutes behind the browser's: the job has been running that long.
        await using var server = DashboardServer.Start(clock: DateTimeOffset.UtcNow.AddMinutes(-2));
        var api = server.Api();
        var job = await api.SubmitAsync(JobTypes.ChildProducts, "block");
        await server.Script.StartedAsync(job);
        using var browser = new Browser();

        DashboardPage.SignedIn(browser, server, JobStores.Default).WaitForLine(job);

        var elapsed = browser.Until(d => d.FindElement(By.CssSelector("#running .elapsed")).Text, "the elapsed time");
        Assert.Matches(@"^2 min \d\d s$", elapsed);
    }
}
