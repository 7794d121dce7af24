namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// A worker process that sends <c>product-import</c> to <see cref="RemoteHandling.Queue"/>, the test handler consuming
/// that queue and recording its runs, a client that submits jobs, and the jobs table to watch.
/// </summary>
public sealed class RemoteHandlerScene : IAsyncDisposable
{
    RemoteHandlerScene(IDictionary<string, string?> environment) => Environment = environment;

    /// <summary>The worker's settings (<see cref="RemoteHandling.Settings"/>), from which more workers can be started.</summary>
    public IDictionary<string, string?> Environment { get; }

    public string RabbitMqUri => Environment["ConnectionStrings:RabbitMq"]!;

    public JobsDatabase Database => new(Environment["ConnectionStrings:Jobs"]!);

    public WorkerRuns Runs { get; } = new();

    public ServiceProcess Worker { get; private set; } = null!;

    public ServiceProcess Handler { get; private set; } = null!;

    ClientBus? Client { get; set; }

    public static async Task<RemoteHandlerScene> StartAsync(IDictionary<string, string?> environment)
    {
        var scene = new RemoteHandlerScene(environment);
        try
        {
            scene.Handler = await ServiceProcess.StartTestHandlerAsync(scene.RabbitMqUri, RemoteHandling.Queue, scene.Runs);
            scene.Worker = await ServiceProcess.StartWorkerAsync(environment);
            scene.Client = await ClientBus.StartAsync(scene.RabbitMqUri);
            return scene;
        }
        catch
        {
            await scene.DisposeAsync();
            throw;
        }
    }

    public Task SubmitAsync(Guid jobId, string behavior) => RemoteHandling.SubmitAsync(Client!, jobId, behavior);

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
            await Client.DisposeAsync();
        if (Worker is not null)
            await Worker.DisposeAsync();
        if (Handler is not null)
            await Handler.DisposeAsync();
        Runs.Dispose();
    }
}
