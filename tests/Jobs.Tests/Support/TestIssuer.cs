using System.Net;
using System.Security.Cryptography;
using Jobs.Api.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jobs.Tests.Support;

/// <summary>
/// An identity provider of a platform's own, as small as one can be: a real HTTP server on a free loopback port that
/// serves OpenID Connect metadata and its key set (an RSA key made here), and tokens signed with that key.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    const string KeyId = "test-issuer-key";

    readonly RSA _key = RSA.Create(2048);
    readonly WebApplication _server;

    TestIssuer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        // The issuer is the address it is asked at: the one it listens on.
        _server.MapGet("/.well-known/openid-configuration", (HttpRequest request) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = $"{request.Scheme}://{request.Host}",
            ["jwks_uri"] = $"{request.Scheme}://{request.Host}/keys",
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        }));
        _server.MapGet("/keys", () => Results.Json(new { keys = new[] { PublicKey() } }));
    }

    /// <summary>Its address, which is also its <c>iss</c>.</summary>
    public string Authority => _server.Urls.Single();

    public static async Task<TestIssuer> StartAsync()
    {
        var issuer = new TestIssuer();
        await issuer._server.StartAsync(TestContext.Current.CancellationToken);
        return issuer;
    }

    /// <summary>A token of this issuer for <paramref name="audience"/>, with these claims, valid for an hour from <paramref name="issuedAt"/>.</summary>
    public string Token(DateTimeOffset issuedAt, string audience, IDictionary<string, object> claims, string? issuer = null, RSA? signedWith = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = issuedAt.AddHours(1).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signedWith ?? _key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>A token naming <paramref name="store"/> in <see cref="JobsClaims.StoreId"/>.</summary>
    public string TokenFor(string store, DateTimeOffset issuedAt, string audience) =>
        Token(issuedAt, audience, new Dictionary<string, object> { [JobsClaims.Subject] = "platform-user", [JobsClaims.StoreId] = store });

    /// <summary>The public half of the key, as a JSON Web Key.</summary>
    Dictionary<string, string> PublicKey()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return new()
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
    }
}
