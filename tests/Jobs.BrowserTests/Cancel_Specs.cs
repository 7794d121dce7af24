using System.Net;
using Jobs.BrowserTests.Support;
using Jobs.Contracts;
using OpenQA.Selenium;

namespace Jobs.BrowserTests;

/// <summary>Cancel, which a pending job offers, and Elastic Path's refusal once the job has started.</summary>
public sealed class Cancel_Specs
{
    [Fact]
    public async Task Cancel_on_a_waiting_job_cancels_it_on_the_page_and_in_the_api()
    {
        await using var server = DashboardServer.Start();
        var api = server.Api();
        var running = await api.SubmitAsync(JobTypes.ProductImport, "block");
        await server.Script.StartedAsync(running);
        var waiting = await api.SubmitAsync(JobTypes.ProductExport);
        var behind = await api.SubmitAsync(JobTypes.ChildProducts);
        using var browser = new Browser();
        var page = DashboardPage.SignedIn(browser, server, JobStores.Default);
        page.WaitForLine(running, waiting, behind);
        Assert.Throws<NoSuchElementException>(() => browser.Driver.FindElement(By.CssSelector($"button[data-action=cancel][data-job-id='{running}']")));

        page.CancelInLine(waiting).Click();

        Assert.Equal($"The product-export job {waiting} is cancelled.", page.WaitForText("board-status"));
        page.WaitForLine(running, behind);
        page.WaitForListed((waiting, JobStatuses.Cancelled));
        var job = await api.GetAsync($"/pcm/jobs/{waiting}");
        Assert.Equal(JobStatuses.Cancelled, job.Json["data"]!["attributes"]!["status"]!.GetValue<string>());
    }

    /// <summary>
    /// The detail shows the job as it was when opened, so its Cancel button stays while the job starts behind it: the order
    /// (the button shown, then the job started, then the click) is held by the running job's gate.
    /// </summary>
    [Fact]
    public async Task Cancel_on_a_job_that_started_meanwhile_shows_elastic_paths_refusal()
    {
        await using var server = DashboardServer.Start();
        var api = server.Api();
        var running = await api.SubmitAsync(JobTypes.ProductImport, "block");
        await server.Script.StartedAsync(running);
        var next = await api.SubmitAsync(JobTypes.HierarchyDuplicate, "block");
        using var browser = new Browser();
        var page = DashboardPage.SignedIn(browser, server, JobStores.Default);
        page.WaitForLine(running, next);
        page.OpenDetails(next);
        var cancel = browser.Until<IWebElement?>(d => d.FindElement(By.Id("detail-cancel")) is { Displayed: true } button ? button : null, "the detail's Cancel button")!;

        server.Script.Release(running);
        await server.Script.StartedAsync(next);
        cancel.Click();

        Assert.Equal($"The job was not cancelled. Failed Validation: job {next} cannot be cancelled: its status is started", page.WaitForText("detail-alert"));
        browser.Until(d => !d.FindElement(By.Id("detail-cancel")).Displayed, "Cancel to go once the detail shows the job started");
        Assert.Contains("started", page.Text("detail-body"), StringComparison.Ordinal);
        var job = await api.GetAsync($"/pcm/jobs/{next}");
        Assert.Equal(HttpStatusCode.OK, job.Status);
        Assert.Equal(JobStatuses.Started, job.Json["data"]!["attributes"]!["status"]!.GetValue<string>());
    }
}
