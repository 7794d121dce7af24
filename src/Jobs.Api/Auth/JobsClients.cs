using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Jobs.Api.Auth;

/// <summary>
/// The configured clients, and the check of a client's credentials. Secrets are compared only through ASP.NET Core
/// Identity's <see cref="PasswordHasher{TUser}"/> (salted PBKDF2, compared in constant time), plain development
/// secrets too: they are hashed the first time they are needed.
/// </summary>
sealed class JobsClients
{
    /// <summary>Stands for an unknown client id: its hash matches no secret (see <see cref="Authenticate"/>).</summary>
    static readonly JobsClient Nobody = new("", "");

    readonly PasswordHasher<JobsClient> _hasher = new();
    readonly Dictionary<string, (JobsClient Client, Lazy<string> SecretHash)> _clients = new(StringComparer.Ordinal);
    readonly Lazy<string> _nobodysHash;

    public JobsClients(IOptions<JobsAuthOptions> options)
    {
        _nobodysHash = new(() => _hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        foreach (var configured in options.Value.Clients)
        {
            var client = new JobsClient(configured.ClientId!, configured.StoreId!);
            var plain = configured.ClientSecret;
            _clients[client.ClientId] = (client, configured.ClientSecretHash is { } hash ? new(hash) : new(() => _hasher.HashPassword(client, plain!)));
        }
    }

    /// <summary>The client whose id and secret these are, or null when there is none (unknown id or wrong secret alike).</summary>
    public JobsClient? Authenticate(string clientId, string secret)
    {
        // An unknown id is checked against a hash too, so that the answer takes as long as for a known one and its
        // timing does not tell which client ids exist.
        var found = _clients.TryGetValue(clientId, out var known);
        var (client, hash) = found ? known : (Nobody, _nobodysHash);
        // SuccessRehashNeeded is a match made with weaker settings than today's defaults: still a match.
        var matched = _hasher.VerifyHashedPassword(client, hash.Value, secret) != PasswordVerificationResult.Failed;
        return found && matched ? client : null;
    }
}
