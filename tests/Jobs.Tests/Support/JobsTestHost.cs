using Jobs.Contracts;
using Jobs.Worker.Hosting;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
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
/// A worker on MassTransit's in-memory test harness and a SQLite file of its own: the production composition,
/// <c>AddJobsWorker</c>, with MassTransit's test harness standing in for <c>AddMassTransit</c>.
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

    /// <summary>
    /// Starts a worker. Without <paramref name="runner"/>, the test plays the runner itself. With
    /// <paramref name="clock"/>, the worker's time is the test's (leases, timeouts, sweeps, timestamps).
    /// </summary>
    public static async Task<JobsTestHost> StartAsync(
        bool runner = true,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string? databaseDirectory = null,
        TimeProvider? clock = null)
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
        builder.Services.AddSingleton<ScriptedJobs>();
        if (clock is not null)
            builder.Services.AddSingleton(clock);
        if (services is null)
        {
            foreach (var jobType in JobTypes.All)
                builder.Services.AddScriptedHandler(jobType);
        }
        else
        {
            services(builder.Services);
        }

        builder.Services.AddJobsWorker(builder.Configuration, (s, configure) => s.AddMassTransitTestHarness(x =>
        {
            configure(x);
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60));
        }));

        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new JobsTestHost(host, directory, ownsDirectory: databaseDirectory is null);
    }

    /// <summary>
    /// A request client on the bus path to the saga, as another service would use. It waits as long as the harness
    /// does (not the default 30 s): on two loaded cores a test's requests may take longer than production's would.
    /// </summary>
    public IRequestClient<T> Client<T>()
        where T : class =>
        _host.Services.GetRequiredService<IClientFactory>().CreateRequestClient<T>(JobEndpoints.JobStateAddress, RequestTimeout.After(m: 2));

    /// <summary>A request client on the runner's path to the saga (in-process, through the mediator).</summary>
    public IRequestClient<T> RunnerClient<T>()
        where T : class =>
        _host.Services.GetRequiredService<IMediator>().CreateRequestClient<T>(RequestTimeout.After(m: 2));

    public IMediator Mediator => _host.Services.GetRequiredService<IMediator>();

    public async Task<JobSubmitted> SubmitAsync(SubmitJob command)
    {
        var response = await Client<SubmitJob>().GetResponse<JobSubmitted>(command, TestContext.Current.CancellationToken);
        return response.Message;
    }

    public Task<JobSubmitted> SubmitAsync(Guid jobId, string jobType = JobTypes.ProductExport, string? behavior = null) =>
        SubmitAsync(Command(jobId, jobType, behavior));

    /// <summary>A valid command for the job type: its required parameters, and the scripted behaviour when given.</summary>
    public static SubmitJob Command(Guid jobId, string jobType = JobTypes.ProductExport, string? behavior = null)
    {
        var parameters = RequiredParameters(jobType);
        if (behavior is not null)
            parameters[ScriptedJobs.BehaviorParameter] = behavior;
        return new SubmitJob { JobId = jobId, JobType = jobType, Parameters = parameters };
    }

    /// <summary>Values for the parameters <paramref name="jobType"/> requires, of the kind each must be.</summary>
    public static Dictionary<string, string> RequiredParameters(string jobType) =>
        JobTypes.Find(jobType)!.Parameters.Where(p => p.Required).ToDictionary(
            p => p.Name,
            p => p.Kind == JobParameterKind.Uuid ? Guid.NewGuid().ToString() : "https://files.example/upload.csv");

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

    /// <summary>A store's line, or null when the store has had no job.</summary>
    public async Task<StoreLine?> FindLineAsync(string storeId = JobStores.Default)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.Set<StoreLine>().AsNoTracking().SingleOrDefaultAsync(x => x.StoreId == storeId, TestContext.Current.CancellationToken);
    }

    /// <summary>The cancels waiting for their jobs.</summary>
    public async Task<List<EarlyCancellation>> EarlyCancellationsAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await db.EarlyCancellations.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Polls until a cancel for <paramref name="jobId"/> waits for the job.</summary>
    public Task WaitForEarlyCancellationAsync(Guid jobId) =>
        Eventually.HoldsAsync(async () => (await EarlyCancellationsAsync()).Any(x => x.JobId == jobId),
            TimeSpan.FromSeconds(30), () => $"a cancel of {jobId} to wait for the job");

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
