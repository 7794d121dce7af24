using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Jobs.Api.Auth;

/// <summary>
/// The two JwtBearer schemes, from <see cref="JobsAuthOptions"/>: this API's own tokens (its issuer, its audience, its
/// HMAC keys and nothing else) and the external issuer's (its metadata's issuer and keys, the configured audience).
/// Both tell the time by the API's <see cref="TimeProvider"/>.
/// </summary>
sealed class BearerOptionsSetup(IOptions<JobsAuthOptions> options, SigningKeys keys, TimeProvider clock) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions bearer)
    {
        var auth = options.Value;
        bearer.EventsType = typeof(BearerEvents);
        bearer.TimeProvider = clock;
        // Claims keep the names the token gives them (store_id, sub), rather than .NET's URIs.
        bearer.MapInboundClaims = false;
        bearer.TokenValidationParameters.ClockSkew = auth.ClockSkew;
        bearer.TokenValidationParameters.LifetimeValidator = ValidLifetime;
        bearer.TokenValidationParameters.RequireSignedTokens = true;
        if (name == BearerSchemes.OwnTokens)
        {
            bearer.TokenValidationParameters.ValidIssuer = auth.Issuer;
            bearer.TokenValidationParameters.ValidAudience = auth.Audience;
            bearer.TokenValidationParameters.IssuerSigningKeys = keys.All;
            bearer.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        else if (name == BearerSchemes.ExternalTokens && auth.TrustsExternalIssuer)
        {
            bearer.Authority = auth.External.Authority;
            bearer.Audience = auth.External.Audience;
            bearer.RequireHttpsMetadata = auth.External.RequireHttpsMetadata;
        }
    }

    public void Configure(JwtBearerOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);

    /// <summary>
    /// IdentityModel's own check of <c>nbf</c> and <c>exp</c>, on the API's clock instead of the machine's (its
    /// validation parameters take no clock): every token must expire, and may be used only from its start to its end,
    /// give or take the clock skew.
    /// </summary>
    bool ValidLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (expires is null)
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        if (notBefore > expires)
            throw new SecurityTokenInvalidLifetimeException("The token ends before it starts.") { NotBefore = notBefore, Expires = expires };
        if (notBefore > now + parameters.ClockSkew)
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = notBefore.Value };
        if (expires < now - parameters.ClockSkew)
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        return true;
    }
}
