using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jobs.Api.Auth;

/// <summary>
/// Issues the API's own tokens: JWTs signed with the first signing key (HMAC-SHA256), naming the client (<c>sub</c>)
/// and its store (<see cref="JobsClaims.StoreId"/>), timed by the API's clock.
/// </summary>
sealed class TokenIssuer(IOptions<JobsAuthOptions> options, SigningKeys keys, TimeProvider clock)
{
    public const string TokenType = "Bearer";

    readonly JsonWebTokenHandler _handler = new();

    public AccessTokenDocument Issue(JobsClient client)
    {
        var auth = options.Value;
        // Whole seconds, as a JWT keeps them, so that expires and the token's exp are the same instant.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        var lifetime = (long)auth.TokenLifetime.TotalSeconds;
        var expires = issuedAt.AddSeconds(lifetime);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JobsClaims.Subject] = client.ClientId,
                [JobsClaims.StoreId] = client.StoreId,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
            },
            SigningCredentials = keys.Signing ?? throw new InvalidOperationException("There is no signing key; the options validation lets no client in without one."),
        });
        return new AccessTokenDocument(token, TokenType, lifetime, expires.ToUnixTimeSeconds(), ClientCredentials.GrantType);
    }
}
