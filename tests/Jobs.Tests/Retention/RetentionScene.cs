using System.Net;
using Jobs.Api.Options;
using Jobs.Catalog.Files;
using Jobs.Contracts;
using Jobs.Tests.Api;
using Jobs.Tests.Support;
using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Jobs.Tests.Retention;

/// <summary>
/// The API in embedded mode (<see cref="JobsApiFactory"/>: SQLite, the scripted handlers, a file store folder of its own)
/// with retention at its default age, on a <see cref="TestClock"/>, its log recorded (<see cref="RetentionLog"/>) and its
/// file store gated (<see cref="GatedFileStore"/>). Retention looks every <see cref="Interval"/>, a period no other timer
/// of the worker has in tests, so that a spec can wait for retention's own timer before it moves the clock.
/// </summary>
public sealed class RetentionScene : IAsyncDisposable
{
    /// <summary><c>Jobs:Retention:FinishedJobs</c> by default.</summary>
    public static readonly TimeSpan Age = TimeSpan.FromDays(30);

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(7);

    /// <summary>Where the clock stands as the API starts.</summary>
    public static readonly DateTimeOffset Start = JobsApiFactory.DefaultStart;

    /// <summary>The stores a client can list: every store the specs give jobs to.</summary>
    public static readonly string[] Stores = [JobStores.Default, TestAuth.StoreA, TestAuth.StoreB];

    readonly JobsApiFactory _factory;

    RetentionScene(JobsApiFactory factory, TestClock clock, RetentionLog log, GatedFileStore files)
    {
        _factory = factory;
        Clock = clock;
        Log = log;
        Files = files;
        App = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<ILoggerProvider>(log);
            s.Replace(ServiceDescriptor.Singleton<IFileStore>(files));
        }));
        Api = new ApiDriver(App);
    }

    public WebApplicationFactory<JobsApiOptions> App { get; }

    /// <summary>Calls as the default store's client; <see cref="ApiDriver.As"/> for the others.</summary>
    public ApiDriver Api { get; }

    public TestClock Clock { get; }

    public RetentionLog Log { get; }

    public GatedFileStore Files { get; }

    /// <summary>
    /// Starts the API with <paramref name="settings"/> on top of the scene's own, and waits until retention's timer is set
    /// (when retention is on).
    /// </summary>
    public static async Task<RetentionScene> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Jobs:Retention:Interval"] = Interval.ToString(),
            // The saga's answers may take longer than production's ten seconds while the machine is loaded (this class and
            // the 100,000-job spec run at the same time); a submission that timed out would fail the spec for nothing.
            ["Jobs:Api:RequestTimeout"] = "00:02:00",
            // Passes that delete nothing log at debug level: the specs wait for those too.
            [$"Logging:LogLevel:{RetentionLog.Category}"] = "Debug",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var clock = new TestClock(Start);
        var factory = new JobsApiFactory(all, clock);
        var files = new GatedFileStore(new LocalFileStore(Microsoft.Extensions.Options.Options.Create(new FileStoreOptions { Root = factory.FilesRoot })));
        var scene = new RetentionScene(factory, clock, new RetentionLog(), files);
        Assert.Equal(HttpStatusCode.OK, (await scene.Api.GetAsync("/pcm/jobs")).Status);
        if (all.GetValueOrDefault("Jobs:Retention:Enabled") != "false")
            await clock.TimerSetAsync(Interval);
        return scene;
    }

    /// <summary>
    /// Waits for the pass that the clock's last retention tick up to <paramref name="now"/> started, or a later one. Ticks come
    /// every <see cref="Interval"/>, so that tick came less than an interval before <paramref name="now"/>: once its pass has
    /// ended, no finished job last updated <see cref="Age"/> and an interval before <paramref name="now"/> is left. (Moving the
    /// clock far passes many ticks; a pass may see the clock anywhere on the way.)
    /// </summary>
    public Task<RetentionLog.Pass> PassAsync(DateTimeOffset now) => Log.PassAsync(now - Age - Interval);

    /// <summary>Runs <paramref name="work"/> on the worker's database.</summary>
    public async Task<T> DatabaseAsync<T>(Func<JobsDbContext, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<JobsDbContext>());
    }

    /// <summary>Saves a file in a job's folder, as an upload for an import is kept.</summary>
    public Task SaveFileAsync(string storeId, Guid jobId, string name) =>
        Files.SaveAsync(JobFiles.Key(storeId, jobId, name), (s, ct) => s.WriteAsync("sku,name\n"u8.ToArray(), ct).AsTask(), TestContext.Current.CancellationToken);

    /// <summary>Whether the file store holds anything of the job.</summary>
    public bool HasFiles(string storeId, Guid jobId) => Directory.Exists(Path.Combine(_factory.FilesRoot, JobFiles.JobFolder(storeId, jobId)));

    /// <summary>The job's status as recorded, or null when it has no row.</summary>
    public Task<string?> RecordedStatusAsync(Guid jobId) => DatabaseAsync(async db =>
    {
        var state = await db.Jobs.Where(j => j.CorrelationId == jobId).Select(j => j.CurrentState).SingleOrDefaultAsync(TestContext.Current.CancellationToken);
        return state is null ? null : StatusNames.Status(state);
    });

    /// <summary>
    /// The totals are exact: every store's <c>meta.results.total</c> is the number of its rows, and <c>job_counts</c>
    /// holds, for every store, status and type, the number of rows that have them.
    /// </summary>
    public async Task AssertTotalsAsync()
    {
        var (counters, table) = await DatabaseAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var counts = (await db.Counts.AsNoTracking().GroupBy(c => new { c.StoreId, c.Status, c.Type })
                .Select(g => new { g.Key.StoreId, g.Key.Status, g.Key.Type, Count = g.Sum(c => c.Count) }).ToListAsync(ct)).Where(c => c.Count != 0);
            var rows = await db.Jobs.AsNoTracking().GroupBy(j => new { j.StoreId, j.CurrentState, j.JobType })
                .Select(g => new { g.Key.StoreId, g.Key.CurrentState, g.Key.JobType, Count = g.LongCount() }).ToListAsync(ct);
            return (counts.Select(c => $"{c.StoreId}/{c.Status}/{c.Type}={c.Count}").Order(StringComparer.Ordinal).ToList(),
                rows.Select(r => $"{r.StoreId}/{StatusNames.Status(r.CurrentState)}/{r.JobType}={r.Count}").Order(StringComparer.Ordinal).ToList());
        });
        Assert.Equal(table, counters);
        foreach (var store in Stores)
        {
            var rows = await DatabaseAsync(db => db.Jobs.LongCountAsync(j => j.StoreId == store, TestContext.Current.CancellationToken));
            Assert.True(rows == await Api.As(store).ListedTotalAsync(), $"store {store} lists a total other than its {rows} rows");
        }
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
