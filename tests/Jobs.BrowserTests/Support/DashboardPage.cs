using System.Text.Json;
using Jobs.Tests.Support;
using OpenQA.Selenium;

namespace Jobs.BrowserTests.Support;

/// <summary>
/// The dashboard as a user sees it in <see cref="Browser"/>: it acts through real clicks and keys, and reads what the page
/// shows (the line, the jobs list, the messages) by the data attributes its cards carry, in one script call per look so
/// that a look never straddles a redraw.
/// </summary>
public sealed class DashboardPage(Browser browser, DashboardServer server)
{
    IWebDriver Driver => browser.Driver;

    /// <summary>Loads the page at /dashboard/ and waits for its script to show either the sign-in or the board.</summary>
    public DashboardPage Open()
    {
        Driver.Navigate().GoToUrl(server.Dashboard);
        browser.Until(d => d.FindElement(By.Id("sign-in")).Displayed || d.FindElement(By.Id("board")).Displayed, "the dashboard to load");
        return this;
    }

    /// <summary>Opens the page and signs in with the client of <paramref name="store"/>; waits until its line is shown.</summary>
    public static DashboardPage SignedIn(Browser browser, DashboardServer server, string store)
    {
        var page = new DashboardPage(browser, server).Open();
        var (clientId, secret) = TestAuth.Clients[store];
        page.SignInWithClient(clientId, secret);
        page.WaitUntilSignedIn(store);
        return page;
    }

    public void SignInWithClient(string clientId, string secret)
    {
        Type(By.Id("client-id"), clientId);
        Type(By.Id("client-secret"), secret);
        Driver.FindElement(By.CssSelector("#client-form button[type=submit]")).Click();
    }

    public void SignInWithToken(string token)
    {
        Type(By.Id("token"), token);
        Driver.FindElement(By.CssSelector("#token-form button[type=submit]")).Click();
    }

    /// <summary>Waits until the page says it acts on <paramref name="store"/> and has shown the store's line once.</summary>
    public void WaitUntilSignedIn(string store) =>
        browser.Until(d => d.FindElement(By.Id("store-label")).Text == $"Store {store}" && d.FindElement(By.Id("line-summary")).Text.Length > 0,
            $"the page to show store {store}'s line");

    /// <summary>Whether the page shows the sign-in forms, and neither the board nor a store to sign out of.</summary>
    public bool ShowsSignIn =>
        Driver.FindElement(By.Id("sign-in")).Displayed && !Driver.FindElement(By.Id("board")).Displayed && !Driver.FindElement(By.Id("account")).Displayed;

    public string Text(string id) => Driver.FindElement(By.Id(id)).Text;

    /// <summary>Waits until the element <paramref name="id"/> shows text, and answers it.</summary>
    public string WaitForText(string id) => browser.Until<string?>(d => d.FindElement(By.Id(id)).Text is { Length: > 0 } text ? text : null, $"#{id} to say something")!;

    /// <summary>The line as the page shows it: the started job, and each pending one as "place id".</summary>
    public (string? Started, string[] Pending) Line()
    {
        var json = (string)browser.Script("""
            return JSON.stringify({
              started: [...document.querySelectorAll('#running > [data-job-id]')].map(card => card.dataset.jobId),
              pending: [...document.querySelectorAll('#pending [data-place]')].map(card => card.dataset.place + ' ' + card.dataset.jobId),
            });
            """)!;
        var line = JsonDocument.Parse(json).RootElement;
        return (line.GetProperty("started").EnumerateArray().Select(e => e.GetString()).SingleOrDefault(),
            [.. line.GetProperty("pending").EnumerateArray().Select(e => e.GetString()!)]);
    }

    /// <summary>Waits until the page shows <paramref name="started"/> running and <paramref name="pending"/> waiting at places 1, 2, ….</summary>
    public void WaitForLine(Guid? started, params Guid[] pending)
    {
        var expected = (started?.ToString(), pending.Select((id, index) => $"{index + 1} {id}").ToArray());
        browser.Until(_ =>
        {
            var line = Line();
            return line.Started == expected.Item1 && line.Pending.SequenceEqual(expected.Item2);
        }, $"the line to show {started?.ToString() ?? "nothing"} started and [{string.Join(", ", expected.Item2)}] waiting, but it shows {Describe(Line())}");
    }

    static string Describe((string? Started, string[] Pending) line) => $"{line.Started ?? "nothing"} started and [{string.Join(", ", line.Pending)}] waiting";

    /// <summary>The jobs the list shows, in order, each with the status on its card.</summary>
    public IReadOnlyList<(Guid Id, string Status)> ListedJobs()
    {
        var json = (string)browser.Script("""
            return JSON.stringify([...document.querySelectorAll('#job-list > li')]
              .map(card => [card.dataset.jobId, card.querySelector('[data-status]').dataset.status]));
            """)!;
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => (Guid.Parse(e[0].GetString()!), e[1].GetString()!))];
    }

    /// <summary>Waits until the jobs list shows exactly <paramref name="expected"/> (ids and statuses), in any order.</summary>
    public void WaitForListed(params (Guid Id, string Status)[] expected) =>
        browser.Until(_ => ListedJobs().OrderBy(j => j.Id).SequenceEqual(expected.OrderBy(j => j.Id)),
            $"the jobs list to show [{string.Join(", ", expected)}]");

    /// <summary>Waits until the jobs list shows <paramref name="jobId"/> with <paramref name="status"/>, whatever else it shows.</summary>
    public void WaitForListed(Guid jobId, string status) =>
        browser.Until(_ => ListedJobs().Contains((jobId, status)), $"the jobs list to show {jobId} {status}");

    /// <summary>Chooses an option of a filter (its value), as a user does from the list.</summary>
    public void Choose(string selectId, string value) =>
        Driver.FindElement(By.CssSelector($"#{selectId} option[value='{value}']")).Click();

    public IWebElement CancelInLine(Guid jobId) => browser.Until(d => d.FindElement(By.CssSelector($"#pending button[data-action=cancel][data-job-id='{jobId}']")),
        $"a Cancel button for {jobId} in the line");

    /// <summary>Opens the detail of a job from its first Details button and waits until the dialog shows it.</summary>
    public void OpenDetails(Guid jobId)
    {
        browser.Until(d => d.FindElement(By.CssSelector($"#board button[data-action=details][data-job-id='{jobId}']")), $"a Details button for {jobId}").Click();
        WaitForDetailOf(jobId);
    }

    public void WaitForDetailOf(Guid jobId) =>
        browser.Until(d => d.FindElement(By.Id("detail")).Displayed && d.FindElement(By.Id("detail-body")).Text.Contains(jobId.ToString(), StringComparison.Ordinal),
            $"the detail of {jobId}");

    /// <summary>Sets a property on <c>window</c>: it survives anything but a reload of the page.</summary>
    public void MarkWindow(string marker) => browser.Script("window.dashboardSpecMarker = arguments[0];", marker);

    public string? WindowMark => browser.Script("return window.dashboardSpecMarker ?? null;") as string;

    void Type(By by, string text)
    {
        var input = Driver.FindElement(by);
        input.Clear();
        input.SendKeys(text);
    }
}
