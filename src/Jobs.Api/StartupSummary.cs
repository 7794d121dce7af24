using Jobs.Api.Auth;
using Jobs.Worker.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Jobs.Api;

/// <summary>
/// Once the API listens, one block that says what runs where: the mode (worker inside or not, the bus, the database),
/// the addresses of the jobs API, the dashboard and the API reference, how to get a token (in Development, the exact
/// command for each client with a plain secret), and where each job type's work runs.
/// </summary>
sealed partial class StartupSummary(
    IServiceProvider services,
    IConfiguration configuration,
    IOptions<JobsAuthOptions> auth,
    IHostEnvironment environment,
    IHostApplicationLifetime lifetime,
    IServer server,
    ILogger<StartupSummary> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Tell);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    void Tell()
    {
        // A server that listens on no address (the in-memory test server) is reached as localhost.
        var address = (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost").TrimEnd('/');
        var hostWorker = configuration.GetJobsOptions().HostWorker;
        var mode = (hostWorker ? "embedded (worker in this process), " : "API only (workers run the jobs), ") + RunSummary.Mode(configuration);
        var handlers = hostWorker ? RunSummary.Handlers(services) : "in the workers and the services they send work to";
        LogSummary(address, mode, Token(address), handlers);
    }

    string Token(string address)
    {
        var commands = environment.IsDevelopment()
            ? auth.Value.Clients.Where(c => c.ClientSecret is not null)
                .Select(c => $"(store {c.StoreId}) curl -s {address}{TokenEndpoint.Path} -d grant_type={ClientCredentials.GrantType} -d client_id={Uri.EscapeDataString(c.ClientId!)} -d client_secret={Uri.EscapeDataString(c.ClientSecret!)}")
                .ToList()
            : [];
        return commands.Count > 0
            ? string.Join("\n            ", commands)
            : $"POST {address}{TokenEndpoint.Path} with grant_type={ClientCredentials.GrantType}, a client_id and its client_secret";
    }

    [LoggerMessage(LogLevel.Information, "Jobs API on {Address}\n  mode      {Mode}\n  jobs API  {Address}/pcm/jobs (bearer token)\n  dashboard {Address}/dashboard/\n  reference {Address}/docs/\n  token     {Token}\n  handlers  {Handlers}")]
    partial void LogSummary(string address, string mode, string token, string handlers);
}
