using System.Drawing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Jobs.BrowserTests.Support;

/// <summary>
/// Debian's headless chromium, driven through Debian's chromedriver: both are named by path, so that Selenium Manager is
/// never asked to find or download either. The browser resolves no host name at all: it reaches the test's server at
/// 127.0.0.1 and nothing else.
/// </summary>
public sealed class Browser : IDisposable
{
    /// <summary>How long a spec waits for the page to show something: long enough for two loaded cores, short of a hang.</summary>
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public Browser(Size? window = null)
    {
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var size = window ?? new Size(1280, 1000);
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments(
            "--headless=new",
            // CI runs as root, where chromium's sandbox cannot start.
            "--no-sandbox",
            // /dev/shm is small in containers; chromium falls back to /tmp.
            "--disable-dev-shm-usage",
            $"--window-size={size.Width},{size.Height}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--lang=en-US");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
    }

    public ChromeDriver Driver { get; }

    /// <summary>Waits until <paramref name="condition"/> answers something other than null or false; fails with <paramref name="expectation"/>.</summary>
    public T Until<T>(Func<IWebDriver, T> condition, string expectation)
    {
        var wait = new WebDriverWait(Driver, Patience)
        {
            Message = $"waiting for {expectation}",
            PollingInterval = TimeSpan.FromMilliseconds(50),
        };
        // The page redraws a card when its job changes: an element read a moment ago may be gone.
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException), typeof(ElementNotInteractableException));
        return wait.Until(condition);
    }

    /// <summary>
    /// Gives the page a viewport of exactly this size, as a phone (<paramref name="mobile"/>: the page's viewport meta
    /// counts) or a window of that size would, whatever the window around it.
    /// </summary>
    public void Viewport(int width, int height, bool mobile = false) =>
        Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new()
        {
            ["width"] = width,
            ["height"] = height,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = mobile,
        });

    /// <summary>Runs a script in the page and answers its result.</summary>
    public object? Script(string script, params object[] arguments) => Driver.ExecuteScript(script, arguments);

    public void Dispose() => Driver.Quit();
}
