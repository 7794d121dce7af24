using System.ComponentModel.DataAnnotations;
using Jobs.Worker.Options;

namespace Jobs.Api.Auth;

/// <summary>
/// Who may call the jobs API, and for which store. Section <c>Jobs:Auth</c>:
/// <code>
/// { "Jobs": { "Auth": {
///     "SigningKeys": [ "&lt;base64, at least 256 bits&gt;" ],
///     "Clients": [ { "ClientId": "platform-eu", "StoreId": "eu", "ClientSecretHash": "AQAAAAIAAYag…" } ],
///     "External": { "Authority": "https://login.example.com/", "Audience": "jobs-api", "StoreClaim": "store_id" } } } }
/// </code>
/// Tokens of our own (<c>POST /oauth/access_token</c>) need signing keys and clients; an external issuer needs
/// neither. Both may be configured at once.
/// </summary>
public sealed class JobsAuthOptions
{
    public const string SectionName = "Jobs:Auth";

    /// <summary>The <c>iss</c> of the tokens this API issues, and the only one it accepts from its own keys.</summary>
    public string Issuer { get; set; } = "jobs";

    /// <summary>The <c>aud</c> of the tokens this API issues, and the only one it accepts from its own keys.</summary>
    public string Audience { get; set; } = "jobs-api";

    /// <summary>How long a token this API issues is valid (<c>expires_in</c>).</summary>
    [TimeSpanRange("00:01:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far a token's times may be off the API's clock (machines' clocks drift), for both kinds of token.</summary>
    [TimeSpanRange("00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// HMAC-SHA256 keys, base64, at least 256 bits each. The first signs the tokens this API issues; all of them
    /// verify, so that a new key can be put first while tokens signed with the old one run out.
    /// </summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>The clients that may ask for tokens, each for one store.</summary>
    public List<JobsClientOptions> Clients { get; set; } = [];

    /// <summary>An identity provider of the platform's whose tokens are accepted too (none unless its authority is set).</summary>
    public ExternalIssuerOptions External { get; set; } = new();

    /// <summary>True when tokens of our own are configured: there is a key to check them with.</summary>
    public bool IssuesTokens => SigningKeys.Count > 0;

    /// <summary>True when an external issuer's tokens are accepted.</summary>
    public bool TrustsExternalIssuer => !string.IsNullOrWhiteSpace(External.Authority);
}
