using Jobs.BrowserTests.Support;
using Jobs.Contracts;
using Jobs.Tests.Support;

namespace Jobs.BrowserTests;

/// <summary>
/// The dashboard uses the HTTP API only: an API that does not host the worker (<c>Jobs:HostWorker=false</c>) serves it
/// and shows the line a worker elsewhere is running, from the database they share.
/// </summary>
public sealed class WithoutWorker_Specs : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("jobs-dashboard-shared-").FullName;

    [Fact]
    public async Task An_api_without_the_worker_serves_the_dashboard_and_shows_the_line()
    {
        var shared = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jobs"] = $"Data Source={Path.Combine(_folder, "jobs.db")}",
            ["Jobs:Files:Root"] = Path.Combine(_folder, "files"),
        };
        await using var worker = DashboardServer.Start(settings: shared);
        var running = await worker.Api().SubmitAsync(JobTypes.ProductImport, "block");
        await worker.Script.StartedAsync(running);
        var waiting = await worker.Api().SubmitAsync(JobTypes.ProductExport);
        await using var api = DashboardServer.Start(settings: new Dictionary<string, string?>(shared) { ["Jobs:HostWorker"] = "false" });
        using var browser = new Browser();

        var page = DashboardPage.SignedIn(browser, api, JobStores.Default);

        page.WaitForLine(running, waiting);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
