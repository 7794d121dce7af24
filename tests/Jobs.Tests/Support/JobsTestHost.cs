using Jobs.Contracts;
using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using MassTransit;
using MassTransit.Mediator;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Tests.Support;

/// <summary>
/// A worker on MassTransit's in-memory test harness and a SQLite file of its own: the production
/// registration of <c>AddJobsWorker</c> (database, bus, runner, in that order) with only the transport swapped.
/// </summary>
public sealed class JobsTestHost : IAsyncDisposable
{
    readonly IHost _host;
    readonly string _directory;
    readonly bool _ownsDirectory;

    JobsTestHost(IHost host, string directory, bool ownsDirectory)
    {
        _host = host;
        _directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    public IServiceProvider Services => _host.Services;

    public ITestHarness Harness => _host.Services.GetTestHarness();

    public ScriptedJobs Script => _host.Services.GetRequiredService<ScriptedJobs>();

    public string DatabaseDirectory => _directory;

    /// <summary>Starts a worker. Without <paramref name="runner"/>, the test plays the runner itself.</summary>
    public static async Task<JobsTestHost> StartAsync(
        bool runner = true,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string? databaseDirectory = null)
    {
        var directory = databaseDirectory ?? Directory.CreateTempSubdirectory("jobs-tests-").FullName;
        var configuration = new Dictionary<string, string?>
        {
            ["Jobs:Database"] = "Sqlite",
            ["ConnectionStrings:Jobs"] = $"Data Source={Path.Combine(directory, "jobs.db")}",
            ["Jobs:Runner:Enabled"] = runner ? "true" : "false",
            ["Jobs:Runner:SweepInterval"] = "00:00:00.200",
            ["Jobs:Runner:RequestTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddJobsDatabase(builder.Configuration, migrate: true);
        builder.Services.AddSingleton<ScriptedJobs>();
        if (services is null)
        {
            foreach (var jobType in JobTypes.All)
                builder.Services.AddScriptedHandler(jobType);
        }
        else
        {
            services(builder.Services);
        }

        builder.Services.AddJobsMediator();
        builder.Services.AddMassTransitTestHarness(x =>
        {
            x.AddJobsWorkerBus();
            x.UsingInMemory((context, cfg) => cfg.ConfigureJobsEndpoints(context));
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60));
        });
        builder.Services.AddJobsRunner(builder.Configuration);

        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new JobsTestHost(host, directory, ownsDirectory: databaseDirectory is null);
    }

    public IRequestClient<T> Client<T>()
        where T : class =>
        _host.Services.CreateScope().ServiceProvider.GetRequiredService<IRequestClient<T>>();

    /// <summary>A request client on the runner's path to the saga (in-process, through the mediator).</summary>
    public IRequestClient<T> RunnerClient<T>()
        where T : class =>
        _host.Services.GetRequiredService<IMediator>().CreateRequestClient<T>();

    public IMediator Mediator => _host.Services.GetRequiredService<IMediator>();

    public async Task<JobSubmitted> SubmitAsync(SubmitJob command)
    {
        var response = await Client<SubmitJob>().GetResponse<JobSubmitted>(command, TestContext.Current.CancellationToken);
        return response.Message;
    }

    public Task<JobSubmitted> SubmitAsync(Guid jobId, string jobType = JobTypes.ProductExport, string? behavior = null) =>
        SubmitAsync(Command(jobId, jobType, behavior));

    public static SubmitJob Command(Guid jobId, string jobType = JobTypes.ProductExport, string? behavior = null) => new()
    {
        JobId = jobId,
        JobType = jobType,
        HierarchyId = Guid.NewGuid(),
        ProductId = Guid.NewGuid(),
        FileLocation = "https://files.example/upload.csv",
        Parameters = behavior is null ? null : new Dictionary<string, string> { [ScriptedJobs.BehaviorParameter] = behavior },
    };

    public async Task<JobState?> FindAsync(Guid jobId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == jobId, TestContext.Current.CancellationToken);
    }

    public async Task<List<JobState>> AllJobsAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Jobs.AsNoTracking().OrderBy(x => x.Sequence).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Polls the job until it has <paramref name="status"/>; fails the test at the deadline.</summary>
    public async Task<JobState> WaitForStatusAsync(Guid jobId, string status, TimeSpan? timeout = null)
    {
        JobState? job = null;
        await Eventually.HoldsAsync(async () =>
        {
            job = await FindAsync(jobId);
            return job is not null && StatusNames.Status(job.CurrentState) == status;
        }, timeout ?? TimeSpan.FromSeconds(30), () => $"job {jobId} to be {status}, but it is {(job is null ? "missing" : StatusNames.Status(job.CurrentState))}");
        return job!;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        if (_ownsDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
