using Jobs.BrowserTests.Support;
using Jobs.Contracts;
using Jobs.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;

namespace Jobs.BrowserTests;

/// <summary>The main flow with the keyboard only: sign in, reach a job's buttons with Tab, open its detail, cancel it.</summary>
public sealed class Keyboard_Specs
{
    /// <summary>Enough presses of Tab to cross the page's controls to any card's buttons; more means a control traps the focus.</summary>
    const int MaxTabs = 40;

    [Fact]
    public async Task Tab_reaches_a_waiting_jobs_buttons_whose_focus_shows_and_enter_opens_its_detail_and_cancels_it()
    {
        await using var server = DashboardServer.Start();
        var api = server.Api();
        var running = await api.SubmitAsync(JobTypes.ProductImport, "block");
        await server.Script.StartedAsync(running);
        var waiting = await api.SubmitAsync(JobTypes.ProductExport);
        using var browser = new Browser();
        var page = new DashboardPage(browser, server).Open();
        var (clientId, secret) = TestAuth.Clients[JobStores.Default];

        Press(browser, Keys.Tab);
        Assert.Equal("client-id", browser.Driver.SwitchTo().ActiveElement().GetAttribute("id"));
        Press(browser, clientId, Keys.Tab, secret, Keys.Enter);
        page.WaitUntilSignedIn(JobStores.Default);
        page.WaitForLine(running, waiting);

        var details = TabTo(browser, $"button[data-action=details][data-job-id='{waiting}']");
        Assert.True(FocusShows(browser), "the focused Details button should show a focus ring");
        Press(browser, Keys.Enter);
        page.WaitForDetailOf(waiting);
        Press(browser, Keys.Escape);
        browser.Until(d => !d.FindElement(By.Id("detail")).Displayed, "Escape to close the detail");
        Assert.Equal(details, browser.Driver.SwitchTo().ActiveElement());

        TabTo(browser, $"button[data-action=cancel][data-job-id='{waiting}']");
        Assert.True(FocusShows(browser), "the focused Cancel button should show a focus ring");
        Press(browser, Keys.Enter);

        Assert.Equal($"The product-export job {waiting} is cancelled.", page.WaitForText("board-status"));
        page.WaitForLine(running);
        await api.WaitForStatusAsync(waiting, JobStatuses.Cancelled);
    }

    static void Press(Browser browser, params string[] keys)
    {
        foreach (var key in keys)
            new Actions(browser.Driver).SendKeys(key).Perform();
    }

    /// <summary>Presses Tab until the element <paramref name="selector"/> has the focus, and answers it.</summary>
    static IWebElement TabTo(Browser browser, string selector)
    {
        var target = browser.Driver.FindElement(By.CssSelector(selector));
        for (var presses = 0; presses < MaxTabs; presses++)
        {
            Press(browser, Keys.Tab);
            if (browser.Driver.SwitchTo().ActiveElement().Equals(target))
                return target;
        }

        throw new InvalidOperationException($"{MaxTabs} presses of Tab never reached {selector}.");
    }

    /// <summary>Whether the focused element draws a visible outline (the page's focus ring).</summary>
    static bool FocusShows(Browser browser) =>
        (bool)browser.Script("""
            const style = getComputedStyle(document.activeElement);
            return document.activeElement.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
            """)!;
}
