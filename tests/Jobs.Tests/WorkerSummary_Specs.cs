using System.Net;
using System.Text.RegularExpressions;
using Jobs.Tests.Support;
using Jobs.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Tests;

/// <summary>A worker says, once it has started, its mode, its lines, where each job type runs, and its health and metrics addresses.</summary>
public sealed partial class WorkerSummary_Specs
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("""^Worker ready; health at (?<health>http://127\.0\.0\.1:\d+/health/ready)\n  mode      (?<mode>.+)\n  lines     (?<lines>.+)\n  handlers  (?<handlers>.+)\n  metrics   (?<metrics>.+)$""")]
    private static partial Regex Block();

    [Fact]
    public async Task The_block_names_the_mode_the_lines_the_handlers_and_a_health_address_that_answers()
    {
        var directory = Directory.CreateTempSubdirectory("jobs-worker-summary-").FullName;
        var log = new LogLines();
        await using var worker = JobsWorkerApplication.Create(
            [$"--ConnectionStrings:Jobs=Data Source={Path.Combine(directory, "jobs.db")}", "--Jobs:Runner:MaxConcurrentLines=3",
             "--Jobs:Handlers:price-import:Queue=pricing-jobs", $"--Jobs:Files:Root={Path.Combine(directory, "files")}"],
            (services, configuration) =>
            {
                services.AddJobsCatalog(configuration, runJobs: true);
                services.AddSingleton<ILoggerProvider>(log);
            });
        await worker.StartAsync(Ct);
        try
        {
            var match = Block().Match(Assert.Single(log.Lines, l => l.StartsWith("Worker ready", StringComparison.Ordinal)));
            Assert.True(match.Success, string.Join("\n", log.Lines));
            Assert.Equal($"in-memory bus, SQLite file {Path.Combine(directory, "jobs.db")}", match.Groups["mode"].Value);
            Assert.Equal("up to 3 store lines at once", match.Groups["lines"].Value);
            Assert.Equal("in this process: child-products, product-import, product-export, hierarchy-duplicate; in other services: price-import on queue 'pricing-jobs'",
                match.Groups["handlers"].Value);
            Assert.Equal("off (Jobs:Telemetry:Prometheus)", match.Groups["metrics"].Value);
            using var http = new HttpClient();
            using var health = await http.GetAsync(match.Groups["health"].Value, Ct);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            await worker.StopAsync(Ct);
        }
    }
}
