using System.Net;
using System.Text.RegularExpressions;
using Jobs.BrowserTests.Support;
using Jobs.Contracts;
using OpenQA.Selenium;

namespace Jobs.BrowserTests;

/// <summary>
/// Starting the catalog's jobs from the page, on the catalog's real handlers: an import from a file picked in the
/// browser, an export with a filter, its file downloaded through the link in its detail, and a failed import's errors.
/// </summary>
public sealed partial class CatalogJobs_Specs : IDisposable
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    readonly string _folder = Directory.CreateTempSubdirectory("jobs-dashboard-uploads-").FullName;

    [Fact]
    public async Task An_imported_file_exports_with_a_filter_and_downloads_from_the_link_in_the_jobs_detail()
    {
        await using var server = DashboardServer.Start(catalog: true);
        using var browser = new Browser();
        var page = DashboardPage.SignedIn(browser, server, JobStores.Default);
        var products = CsvFile("products.csv",
            "name,description,slug,status,commodity_type,sku",
            "Dashboard tee,Soft,dashboard-tee,live,physical,DASH-TEE",
            "Dashboard cap,,dashboard-cap,live,physical,DASH-CAP",
            "Other mug,,other-mug,live,physical,MUG");

        browser.Driver.FindElement(By.Id("import-file")).SendKeys(products);
        browser.Driver.FindElement(By.CssSelector("#import-form button[type=submit]")).Click();
        var import = StartedJob(page, JobTypes.ProductImport);
        page.WaitForListed(import, JobStatuses.Success);

        Type(browser, "export-filter", "eq(sku");
        browser.Driver.FindElement(By.CssSelector("#export-form button[type=submit]")).Click();
        Assert.StartsWith("The job was not started. Bad Request: filter: ", page.WaitForText("start-alert"), StringComparison.Ordinal);
        Type(browser, "export-filter", "like(sku,DASH-*)");
        browser.Driver.FindElement(By.CssSelector("#export-form button[type=submit]")).Click();
        var export = StartedJob(page, JobTypes.ProductExport);
        page.WaitForListed(export, JobStatuses.Success);
        page.OpenDetails(export);

        Assert.Contains("filter\nlike(sku,DASH-*)", page.Text("detail-body"), StringComparison.Ordinal);
        var link = browser.Until(d => d.FindElement(By.CssSelector("#detail-body a[download]")), "a download link");
        Assert.Equal("products-1.csv", link.Text);
        var href = new Uri(link.GetAttribute("href")!);
        Assert.Equal(server.Address.GetLeftPart(UriPartial.Authority), href.GetLeftPart(UriPartial.Authority));
        using var anyone = new HttpClient();
        using var download = await anyone.GetAsync(href, Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var rows = (await download.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,external_ref,name,description,slug,status,commodity_type,", rows[0], StringComparison.Ordinal);
        Assert.Equal(["Dashboard cap", "Dashboard tee"], rows[1..].Select(r => r.Split(',')[2]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_failed_imports_errors_are_shown_ten_at_a_time()
    {
        await using var server = DashboardServer.Start(catalog: true);
        using var browser = new Browser();
        var page = DashboardPage.SignedIn(browser, server, JobStores.Default);
        var rows = Enumerable.Range(1, 12).Select(n => $"Broken {n},,broken-{n},sold-out,physical");
        var broken = CsvFile("broken.csv", ["name,description,slug,status,commodity_type", .. rows]);

        browser.Driver.FindElement(By.Id("import-file")).SendKeys(broken);
        browser.Driver.FindElement(By.CssSelector("#import-form button[type=submit]")).Click();
        var import = StartedJob(page, JobTypes.ProductImport);
        page.WaitForListed(import, JobStatuses.Failed);
        page.OpenDetails(import);

        browser.Until(d => d.FindElement(By.Id("detail-body")).Text.Contains("Errors 1–10 of 12.", StringComparison.Ordinal), "the first page of errors");
        Assert.Equal(10, browser.Driver.FindElements(By.CssSelector("#detail-body ol.errors li")).Count);
        browser.Driver.FindElement(By.CssSelector("#detail-body button[data-action=errors-next]")).Click();
        browser.Until(d => d.FindElement(By.Id("detail-body")).Text.Contains("Errors 11–12 of 12.", StringComparison.Ordinal), "the second page of errors");
        Assert.Equal(
            ["row 12: data.attributes.status: Must be draft or live.", "row 13: data.attributes.status: Must be draft or live."],
            browser.Driver.FindElements(By.CssSelector("#detail-body ol.errors li")).Select(e => e.Text));
        Assert.False(browser.Driver.FindElement(By.CssSelector("#detail-body button[data-action=errors-next]")).Enabled);
    }

    /// <summary>The job the start form says it started, once it says so.</summary>
    static Guid StartedJob(DashboardPage page, string jobType)
    {
        var said = page.WaitForText("start-status");
        var match = StartedMessage().Match(said);
        Assert.True(match.Success && match.Groups["type"].Value == jobType, $"a {jobType} job should have been started, but the page says: {said}");
        return Guid.Parse(match.Groups["id"].Value);
    }

    static void Type(Browser browser, string id, string text)
    {
        var input = browser.Driver.FindElement(By.Id(id));
        input.Clear();
        input.SendKeys(text);
    }

    string CsvFile(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [GeneratedRegex("^Started the (?<type>[a-z-]+) job (?<id>[0-9a-f-]{36}); it is [a-z]+\\.$")]
    private static partial Regex StartedMessage();
}
