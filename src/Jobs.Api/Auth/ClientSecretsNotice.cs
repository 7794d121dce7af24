using Microsoft.Extensions.Options;

namespace Jobs.Api.Auth;

/// <summary>
/// Outside Development, warns at start of each plain client secret in the configuration: it should be a hash. (In
/// Development a plain secret is the point: <see cref="StartupSummary"/> prints the command that gets a token with it.)
/// </summary>
sealed partial class ClientSecretsNotice(
    IOptions<JobsAuthOptions> options,
    IHostEnvironment environment,
    IHostApplicationLifetime lifetime,
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
        if (environment.IsDevelopment())
            return;
        foreach (var client in options.Value.Clients.Where(c => c.ClientSecret is not null))
            LogPlainSecret(client.ClientId!, environment.EnvironmentName);
    }

    [LoggerMessage(LogLevel.Warning, "Client {ClientId} has a plain ClientSecret in the {Environment} environment: give it a ClientSecretHash (the hash-secret command makes one) and remove the secret")]
    partial void LogPlainSecret(string clientId, string environment);
}
