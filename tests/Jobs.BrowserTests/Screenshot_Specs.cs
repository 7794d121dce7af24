using System.Drawing;
using Jobs.BrowserTests.Support;
using Jobs.Contracts;
using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;

namespace Jobs.BrowserTests;

/// <summary>The picture of the dashboard in the README, taken of a realistic line: finished jobs, one running, several waiting.</summary>
public sealed class Screenshot_Specs
{
    static string ScreenshotPath => Path.Combine(RepositoryRoot.Path, "TestResults", "screenshots", "dashboard.png");

    [Fact]
    public async Task The_dashboard_with_a_busy_line_is_saved_as_a_picture()
    {
        // The API's clock starts in the past and moves on between jobs, so that their times differ as in real use.
        await using var server = DashboardServer.Start(clock: DateTimeOffset.UtcNow.AddMinutes(-25));
        var api = server.Api();
        foreach (var (type, behavior) in new[]
        {
            (JobTypes.ProductExport, "files:products-1.csv"),
            (JobTypes.HierarchyDuplicate, "succeed"),
            (JobTypes.PriceImport, "fail:object 4: data.attributes.currencies.USD.amount: must be a whole number, 0 or more."),
            (JobTypes.ChildProducts, "succeed"),
        })
        {
            var finished = await api.SubmitAsync(type, behavior);
            await api.WaitForStatusAsync(finished, behavior.StartsWith("fail:", StringComparison.Ordinal) ? JobStatuses.Failed : JobStatuses.Success);
            api.Advance(TimeSpan.FromMinutes(3));
        }

        var running = await api.SubmitAsync(JobTypes.ProductImport, "progress:62:Imported 31,000 of 50,000 rows");
        await server.Script.StartedAsync(running);
        api.Advance(TimeSpan.FromSeconds(40));
        var withdrawn = await api.SubmitAsync(JobTypes.HierarchyDuplicate);
        var waiting = new List<Guid>();
        foreach (var type in new[] { JobTypes.ProductExport, JobTypes.ChildProducts, JobTypes.PriceImport })
        {
            api.Advance(TimeSpan.FromSeconds(25));
            waiting.Add(await api.SubmitAsync(type));
        }

        await api.PostAsync($"/pcm/jobs/{withdrawn}/cancel", null, null);
        using var browser = new Browser(new Size(1280, 900));
        var page = DashboardPage.SignedIn(browser, server, JobStores.Default);
        page.WaitForLine(running, [.. waiting]);
        browser.Until(d => d.FindElement(By.CssSelector("#running .progress-text")).Text.StartsWith("62%", StringComparison.Ordinal), "the running job's progress");
        browser.Until(_ => page.ListedJobs().Count == 5, "the five finished jobs");

        // The whole page in one picture, as a window as tall as the page shows it, the pointer off the buttons.
        new Actions(browser.Driver).MoveToLocation(0, 0).Perform();
        var height = Convert.ToInt32(browser.Script("return document.documentElement.scrollHeight;"), System.Globalization.CultureInfo.InvariantCulture);
        browser.Viewport(1280, height);
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
        browser.Driver.GetScreenshot().SaveAsFile(ScreenshotPath);

        Assert.True(new FileInfo(ScreenshotPath).Length > 10_000, "the screenshot should hold a picture of the page");
    }
}
