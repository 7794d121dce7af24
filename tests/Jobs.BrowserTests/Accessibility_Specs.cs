using Jobs.BrowserTests.Support;
using Jobs.Contracts;
using OpenQA.Selenium;

namespace Jobs.BrowserTests;

/// <summary>
/// What the page must be for everyone: every control named (a form control by a label), and no sideways scrolling on a
/// 375px-wide phone, signed out, signed in with a busy line, and with a job's detail open.
/// </summary>
public sealed class Accessibility_Specs
{
    /// <summary>The controls without a name a screen reader can say, each described by its tag and id.</summary>
    const string UnnamedControls = """
        const named = (control) => {
          if (['input', 'select', 'textarea', 'progress'].includes(control.localName))
            return [...control.labels].some((label) => label.textContent.trim().length > 0);
          return (control.getAttribute('aria-label') ?? control.textContent).trim().length > 0;
        };
        return [...document.querySelectorAll('input, select, textarea, progress, button, a[href]')]
          .filter((control) => !named(control))
          .map((control) => `${control.localName}#${control.id}`);
        """;

    const string SidewaysOverflow = "return document.documentElement.scrollWidth - window.innerWidth;";

    [Fact]
    public async Task Every_control_has_a_name_and_every_form_control_a_label()
    {
        await using var server = DashboardServer.Start();
        var api = server.Api();
        var running = await api.SubmitAsync(JobTypes.ProductImport, "progress:30:Reading rows");
        await server.Script.StartedAsync(running);
        var waiting = await api.SubmitAsync(JobTypes.ProductExport);
        using var browser = new Browser();
        var page = new DashboardPage(browser, server).Open();

        Assert.Empty(Unnamed(browser));
        Assert.True(Convert.ToInt32(browser.Script("return document.querySelectorAll('input, textarea').length;"), System.Globalization.CultureInfo.InvariantCulture) >= 3);

        page = DashboardPage.SignedIn(browser, server, JobStores.Default);
        page.WaitForLine(running, waiting);
        browser.Until(d => d.FindElements(By.CssSelector("#running progress")).Count == 1, "the running job's progress bar");
        Assert.Empty(Unnamed(browser));
        page.OpenDetails(waiting);
        Assert.Empty(Unnamed(browser));
    }

    [Fact]
    public async Task A_375px_wide_screen_never_scrolls_sideways()
    {
        await using var server = DashboardServer.Start();
        var api = server.Api();
        var failed = await api.SubmitAsync(JobTypes.PriceImport,
            "fail:object 4: data.attributes.currencies.USD.amount: must be a whole number, 0 or more.|object 9: " + new string('x', 120));
        await api.WaitForStatusAsync(failed, JobStatuses.Failed);
        var running = await api.SubmitAsync(JobTypes.HierarchyDuplicate, "progress:55:Copied 550 of 1,000 nodes");
        await server.Script.StartedAsync(running);
        var waiting = await api.SubmitAsync(JobTypes.ProductExport);
        using var browser = new Browser();
        browser.Viewport(375, 812, mobile: true);
        var page = new DashboardPage(browser, server).Open();

        Assert.Equal(375L, browser.Script("return window.innerWidth;"));
        Assert.Equal(0L, browser.Script(SidewaysOverflow));

        page = DashboardPage.SignedIn(browser, server, JobStores.Default);
        page.WaitForLine(running, waiting);
        page.WaitForListed((failed, JobStatuses.Failed));
        Assert.True(Convert.ToInt64(browser.Script(SidewaysOverflow), System.Globalization.CultureInfo.InvariantCulture) <= 0, "the signed-in page is wider than the screen");
        page.OpenDetails(failed);
        browser.Until(d => d.FindElement(By.Id("detail-body")).Text.Contains("object 9:", StringComparison.Ordinal), "the failed job's errors");
        Assert.True(Convert.ToInt64(browser.Script(SidewaysOverflow), System.Globalization.CultureInfo.InvariantCulture) <= 0, "the detail is wider than the screen");
        Assert.True(Convert.ToInt64(browser.Script("const d = document.getElementById('detail'); return d.scrollWidth - d.clientWidth;"), System.Globalization.CultureInfo.InvariantCulture) <= 0,
            "the detail scrolls sideways");
    }

    static IReadOnlyCollection<object> Unnamed(Browser browser) => (IReadOnlyCollection<object>)browser.Script(UnnamedControls)!;
}
