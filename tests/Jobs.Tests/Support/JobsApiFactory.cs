using Jobs.Api.Options;
using Jobs.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Support;

/// <summary>
/// The API in embedded mode, as <c>dotnet run --project src/Jobs.Api</c> starts it (in-memory bus, worker in
/// the process), on a SQLite file of its own and with the scripted test handlers.
/// </summary>
public sealed class JobsApiFactory : WebApplicationFactory<JobsApiOptions>
{
    readonly string _directory = Directory.CreateTempSubdirectory("jobs-api-tests-").FullName;
    readonly Dictionary<string, string?> _settings;

    public JobsApiFactory(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jobs"] = $"Data Source={Path.Combine(_directory, "jobs.db")}",
            ["Jobs:Runner:SweepInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    public ScriptedJobs Script => Services.GetRequiredService<ScriptedJobs>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ScriptedJobs>();
            foreach (var jobType in JobTypes.All)
                services.AddScriptedHandler(jobType);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
