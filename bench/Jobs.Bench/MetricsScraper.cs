namespace Jobs.Bench;

/// <summary>
/// Scrapes a worker's <c>/metrics</c> every second, as Prometheus would, only more often (it is usually set to every 15
/// seconds to a minute): each scrape has the worker collect every instrument, the gauges' queries included.
/// </summary>
sealed class MetricsScraper : IAsyncDisposable
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    readonly HttpClient _http;
    readonly CancellationTokenSource _stop = new();
    readonly Task _scraping;

    MetricsScraper(Uri address)
    {
        _http = new HttpClient { BaseAddress = address };
        _scraping = ScrapeAsync();
    }

    public int Scrapes { get; private set; }

    /// <summary>The text of the last scrape that answered.</summary>
    public string LastScrape { get; private set; } = "";

    public static MetricsScraper Start(Uri address) => new(address);

    async Task ScrapeAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                LastScrape = await _http.GetStringAsync("/metrics", _stop.Token);
                Scrapes++;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    /// <summary>Stops scraping and takes one last scrape, which holds every job of the run.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _scraping;
        LastScrape = await _http.GetStringAsync("/metrics");
        Scrapes++;
        return LastScrape;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _scraping;
        _http.Dispose();
        _stop.Dispose();
    }
}
