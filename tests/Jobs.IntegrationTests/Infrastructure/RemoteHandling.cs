using System.Globalization;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Running;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// <c>product-import</c> jobs handled in another service: the plain AMQP handler of <c>tests/Jobs.TestHandler</c>
/// (<see cref="ServiceProcess.StartTestHandlerAsync"/>). The workers' settings that send the type to its queue, the
/// jobs with their scripted behavior, and a way to know that the workers have handled every report sent so far.
/// </summary>
public static class RemoteHandling
{
    /// <summary>The queue of the README's example, in each test's own virtual host.</summary>
    public const string Queue = "catalog-product-import";

    /// <summary>
    /// A worker's settings with <c>product-import</c> sent to <see cref="Queue"/>, the given lease and attempts, and the
    /// pickup timeout when one is given (5 minutes otherwise).
    /// </summary>
    public static Dictionary<string, string?> Settings(IDictionary<string, string?> environment, TimeSpan lease, int maxAttempts = 3,
        TimeSpan? pickupTimeout = null)
    {
        var settings = new Dictionary<string, string?>(environment)
        {
            [$"Jobs:Handlers:{JobTypes.ProductImport}:Queue"] = Queue,
            ["Jobs:Runner:LeaseDuration"] = lease.ToString("c", CultureInfo.InvariantCulture),
            ["Jobs:Runner:SweepInterval"] = "00:00:00.500",
            ["Jobs:Runner:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture),
        };
        if (pickupTimeout is { } timeout)
            settings[$"Jobs:Handlers:{JobTypes.ProductImport}:PickupTimeout"] = timeout.ToString("c", CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>A <c>product-import</c> job whose run does what <paramref name="behavior"/> says (see the test handler's <c>ScriptedRun</c>).</summary>
    public static SubmitJob Job(Guid jobId, string behavior) => new()
    {
        JobId = jobId,
        JobType = JobTypes.ProductImport,
        Parameters = new Dictionary<string, string>
        {
            [JobParameters.FileLocation] = "https://files.example/uploads/products.csv",
            ["behavior"] = behavior,
        },
    };

    public static Task SubmitAsync(ClientBus client, Guid jobId, string behavior) =>
        client.Client<SubmitJob>().GetResponse<JobSubmitted>(Job(jobId, behavior), TestContext.Current.CancellationToken);

    /// <summary>
    /// Waits until the saga has handled every report that reached <c>job-state</c> so far: the queue holds none ready and
    /// none delivered but unacknowledged (a worker acknowledges a message once the saga's transaction has committed). A
    /// report that changes nothing leaves no other trace to wait for.
    /// </summary>
    public static async Task WaitUntilReportsHandledAsync(TestServices services, IDictionary<string, string?> environment)
    {
        var virtualHost = new Uri(environment["ConnectionStrings:RabbitMq"]!);
        var depth = (Ready: -1L, Unacknowledged: -1L);
        await Eventually.HoldsAsync(async () =>
        {
            depth = await services.RabbitMq.QueueDepthAsync(virtualHost, JobEndpoints.JobState);
            return depth == (0, 0);
        }, TimeSpan.FromSeconds(30), () => $"{JobEndpoints.JobState} to be handled; it holds {depth.Ready} ready and {depth.Unacknowledged} unacknowledged");
    }
}
