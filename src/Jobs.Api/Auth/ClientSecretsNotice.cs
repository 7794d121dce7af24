using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Jobs.Api.Auth;

/// <summary>
/// Once the API listens, says what plain client secrets in its configuration mean: in Development, the exact command
/// that gets a token with each (so that a first try needs no reading); anywhere else, a warning that a secret sits in
/// the configuration unhashed.
/// </summary>
sealed partial class ClientSecretsNotice(
    IOptions<JobsAuthOptions> options,
    IHostEnvironment environment,
    IHostApplicationLifetime lifetime,
    IServer server,
    ILogger<ClientSecretsNotice> logger) : IHostedService
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
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        foreach (var client in options.Value.Clients.Where(c => c.ClientSecret is not null))
        {
            if (environment.IsDevelopment())
                LogTokenCommand(client.StoreId!, $"curl -s {address.TrimEnd('/')}{TokenEndpoint.Path} -d grant_type={ClientCredentials.GrantType} -d client_id={Uri.EscapeDataString(client.ClientId!)} -d client_secret={Uri.EscapeDataString(client.ClientSecret!)}");
            else
                LogPlainSecret(client.ClientId!, environment.EnvironmentName);
        }
    }

    [LoggerMessage(LogLevel.Information, "Get a token for store {StoreId}: {Command}")]
    partial void LogTokenCommand(string storeId, string command);

    [LoggerMessage(LogLevel.Warning, "Client {ClientId} has a plain ClientSecret in the {Environment} environment: give it a ClientSecretHash (the hash-secret command makes one) and remove the secret")]
    partial void LogPlainSecret(string clientId, string environment);
}
