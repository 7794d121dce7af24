using Jobs.Api.Options;
using Jobs.Contracts;
using Jobs.Handlers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests.Support;

/// <summary>
/// The API in embedded mode, as <c>dotnet run --project src/Jobs.Api</c> starts it (in-memory bus, worker in
/// the process), on a SQLite file and a file store folder of its own, with the scripted test handlers (or, with
/// <c>catalog</c>, the catalog's real ones), on the test's clock, and with the signing key and clients of
/// <see cref="TestAuth"/> (settings a spec gives replace them).
/// </summary>
/// <remarks>
/// The worker's timers run on <see cref="Clock"/> too, so they fire only when a spec advances it: sweeps, lease
/// renewals and handler timeouts are set hours and days apart, and specs advance by seconds, so that none of
/// them acts behind a spec's back. The runner needs no timer: a submission wakes it with a message.
/// </remarks>
public sealed class JobsApiFactory : WebApplicationFactory<JobsApiOptions>
{
    /// <summary>Where the clock stands unless a spec gives the factory one of its own.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 4, 0, 0, 0, TimeSpan.Zero);

    readonly string _directory = Directory.CreateTempSubdirectory("jobs-api-tests-").FullName;
    readonly Dictionary<string, string?> _settings;
    readonly bool _catalog;

    public JobsApiFactory(IDictionary<string, string?>? settings = null, FakeTimeProvider? clock = null, bool catalog = false)
    {
        _catalog = catalog;
        Clock = clock ?? new FakeTimeProvider(DefaultStart);
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jobs"] = $"Data Source={Path.Combine(_directory, "jobs.db")}",
            ["Jobs:Files:Root"] = Path.Combine(_directory, "files"),
            ["Jobs:Runner:SweepInterval"] = "01:00:00",
            ["Jobs:Runner:LeaseDuration"] = "1.00:00:00",
            ["Jobs:Runner:Timeout"] = "30.00:00:00",
        };
        foreach (var (key, value) in TestAuth.Settings())
            _settings[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    /// <summary>The API's and the worker's only clock: every timestamp the saga records is its time.</summary>
    public FakeTimeProvider Clock { get; }

    public ScriptedJobs Script => Services.GetRequiredService<ScriptedJobs>();

    /// <summary>The folder of the API's file store (<c>Jobs:Files:Root</c>).</summary>
    public string FilesRoot => _settings["Jobs:Files:Root"]!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ScriptedJobs>();
            if (_catalog)
                return;
            services.RemoveAll<IJobHandler>();
            foreach (var jobType in JobTypes.All)
                services.AddScriptedHandler(jobType);
        });
        // By now the worker has registered TimeProvider.System: replaced rather than added beside it, so that
        // nothing in the process, not even a consumer of every TimeProvider, tells the time by the real clock.
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
