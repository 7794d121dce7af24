using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>A worker as production registers it (<c>AddJobsWorker</c>), on RabbitMQ and PostgreSQL, with scripted handlers.</summary>
public sealed class WorkerHost : IAsyncDisposable
{
    readonly IHost _host;

    WorkerHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<WorkerHost> StartAsync(IDictionary<string, string?> environment, ScriptedJobs script,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(environment);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(script);
        foreach (var jobType in JobTypes.All)
            builder.Services.AddScriptedHandler(jobType);
        builder.Services.AddJobsWorker(builder.Configuration);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new WorkerHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
