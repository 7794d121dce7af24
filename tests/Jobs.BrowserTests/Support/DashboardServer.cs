using System.Net;
using Jobs.Contracts;
using Jobs.Tests.Api;
using Jobs.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.BrowserTests.Support;

/// <summary>
/// The API in embedded mode (<see cref="JobsApiFactory"/>: SQLite, in-memory bus, the worker inside) on Kestrel at
/// 127.0.0.1 and a free port, for a browser to reach. Its clock stands where a spec puts it (the real time unless told
/// otherwise), so that the page's elapsed times are sane; like every fake clock here, it moves only when a spec moves it.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    readonly JobsApiFactory _factory;

    DashboardServer(JobsApiFactory factory)
    {
        _factory = factory;
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Address = new Uri(address);
    }

    /// <summary>Where the API listens: http://127.0.0.1:port.</summary>
    public Uri Address { get; }

    public Uri Dashboard => new(Address, "/dashboard/");

    public ScriptedJobs Script => _factory.Script;

    public FakeTimeProvider Clock => _factory.Clock;

    /// <summary>
    /// Starts an API whose jobs run the scripted handlers (see <see cref="ScriptedJobs"/>), or with <paramref name="catalog"/>
    /// the catalog's real ones; with <paramref name="settings"/> of its own beside the test's keys and clients.
    /// </summary>
    public static DashboardServer Start(bool catalog = false, DateTimeOffset? clock = null, IDictionary<string, string?>? settings = null)
    {
        var factory = new JobsApiFactory(settings, new FakeTimeProvider(clock ?? DateTimeOffset.UtcNow), catalog);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        return new DashboardServer(factory);
    }

    /// <summary>A client of the API calling as <paramref name="store"/>'s client (<see cref="TestAuth.Clients"/>).</summary>
    public ApiDriver Api(string store = JobStores.Default) => new(_factory, store);

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
