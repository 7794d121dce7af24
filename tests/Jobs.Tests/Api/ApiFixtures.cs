using Jobs.Contracts;
using Jobs.Tests.Support;

namespace Jobs.Tests.Api;

/// <summary>
/// One API (embedded mode, its own database and clock) shared by the specs of a class. xunit makes a class fixture
/// for each class, so no two classes share a clock; the specs of one class run one at a time, and a spec that
/// expects times moves the clock on (<see cref="ApiDriver.Advance"/>) before it acts, so that nothing an earlier
/// spec did was recorded at the times it expects.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    public JobsApiFactory Factory { get; private set; } = null!;

    public ApiDriver Api { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual async ValueTask InitializeAsync()
    {
        Factory = new JobsApiFactory(Settings);
        Api = new ApiDriver(Factory);
        // The first request starts the host and warms it up.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Api.GetAsync("/pcm/jobs")).Status);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>An API whose runner is paused: every job submitted stays pending.</summary>
public sealed class PausedRunnerFixture : ApiFixture
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jobs:Runner:Enabled"] = "false" };
}

/// <summary>An API whose line is held by a started job that never finishes: every job submitted after it stays pending.</summary>
public sealed class BlockedLineFixture : ApiFixture
{
    /// <summary>When the blocker was submitted, and started: the clock stands still until it has started.</summary>
    public static readonly DateTimeOffset Submitted = JobsApiFactory.DefaultStart;

    /// <summary>The started product-export job at the head of the line.</summary>
    public Guid Blocker { get; private set; }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Blocker = await Api.SubmitAsync(JobTypes.ProductExport, behavior: "block");
        await Api.Script.StartedAsync(Blocker);
    }
}
