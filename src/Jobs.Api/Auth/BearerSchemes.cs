using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Jobs.Api.Auth;

/// <summary>
/// The authentication schemes: <see cref="Bearer"/> is the one endpoints ask for, and it hands each request to the
/// scheme of its token's issuer: this API's own (<see cref="OwnTokens"/>) or the external issuer's
/// (<see cref="ExternalTokens"/>), each with its own keys, so that neither issuer's keys ever check the other's tokens.
/// </summary>
static class BearerSchemes
{
    public const string Bearer = "Bearer";
    public const string OwnTokens = "JobsTokens";
    public const string ExternalTokens = "ExternalTokens";

    static readonly JsonWebTokenHandler Reader = new();

    /// <summary>The scheme for this request's token, read (not yet validated) for its <c>iss</c>.</summary>
    public static string Select(HttpContext context)
    {
        var auth = context.RequestServices.GetRequiredService<IOptions<JobsAuthOptions>>().Value;
        if (!auth.TrustsExternalIssuer)
            return OwnTokens;
        if (!auth.IssuesTokens)
            return ExternalTokens;
        return IssuerOf(context.Request.Headers.Authorization.ToString()) == auth.Issuer ? OwnTokens : ExternalTokens;
    }

    static string? IssuerOf(string authorization)
    {
        const string prefix = Bearer + " ";
        if (!authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return null;
        var token = authorization[prefix.Length..].Trim();
        try
        {
            return Reader.CanReadToken(token) ? Reader.ReadJsonWebToken(token).Issuer : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
