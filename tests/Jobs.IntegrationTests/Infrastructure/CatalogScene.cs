namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// Production mode as docker-compose runs it, for the catalog's jobs: <c>src/Jobs.Worker</c> (the catalog's handlers)
/// and the API as separate processes on real RabbitMQ and PostgreSQL, sharing one file store folder. One per spec
/// class: the specs of a class work on catalog data of their own (their own skus, hierarchies and price books).
/// </summary>
public sealed class CatalogScene(TestServices services) : IAsyncLifetime
{
    readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("jobs-catalog-files-");
    ServiceProcess? _worker;
    ServiceProcess? _api;

    public Dictionary<string, string?> Environment { get; private set; } = null!;

    public CatalogClient Client { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public ServiceProcess Worker => _worker!;

    /// <summary>A short lease and frequent sweeps: a killed worker's job is offered again within seconds.</summary>
    static readonly Dictionary<string, string?> FastRecovery = new()
    {
        ["Jobs:Runner:LeaseDuration"] = "00:00:03",
        ["Jobs:Runner:SweepInterval"] = "00:00:00.500",
    };

    public async ValueTask InitializeAsync()
    {
        Environment = await services.NewEnvironmentAsync();
        Environment["Jobs:Files:Root"] = _files.FullName;
        foreach (var (key, value) in FastRecovery)
            Environment[key] = value;
        _worker = await ServiceProcess.StartWorkerAsync(Environment);
        (_api, Address) = await ServiceProcess.StartApiAsync(Environment);
        Client = new CatalogClient(await ApiClient.CreateAsync(Address));
    }

    /// <summary>Starts another worker (after the first was killed).</summary>
    public async Task<ServiceProcess> StartWorkerAsync() => _worker = await ServiceProcess.StartWorkerAsync(Environment);

    public async ValueTask DisposeAsync()
    {
        Client?.Http.Dispose();
        if (_api is not null)
            await _api.DisposeAsync();
        if (_worker is not null)
            await _worker.DisposeAsync();
        _files.Delete(recursive: true);
    }
}
