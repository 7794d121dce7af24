using Jobs.Api.Auth;
using Jobs.Contracts;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jobs.Tests.Support;

/// <summary>
/// The API's test credentials: a signing key and a client for each of three stores, as <see cref="JobsApiFactory"/>
/// configures them; and tokens made by hand, for the ones the API must refuse.
/// </summary>
public static class TestAuth
{
    /// <summary>The key the API signs with in tests (32 random bytes).</summary>
    public const string SigningKey = "vH6p+P5AIp+B2+dGukrHGvcrIEdokY/KPu0XZWkEHlE=";

    /// <summary>Another key, configured only where a spec says so.</summary>
    public const string OtherKey = "izcqrG/oiNTVnTAmEl5kTWpgetiev582fKA3iEsEH1w=";

    /// <summary>The key of the download links of jobs' files in tests (32 random bytes).</summary>
    public const string FileLinkKey = "sqUbsM7Ar6IycXd6zPuevhhIKVKVUhEXZa8ozTgtWRc=";

    public const string StoreA = "store-a";
    public const string StoreB = "store-b";

    public const string Issuer = "jobs";
    public const string Audience = "jobs-api";

    /// <summary>
    /// store-a's secret, hashed by <c>Jobs.Api hash-secret</c> (of <c>store-a-secret</c>): a hash made by the command
    /// is a hash the API accepts.
    /// </summary>
    public const string StoreASecretHash = "AQAAAAIAAYagAAAAEPpe3gPwDdw2UpgiBnwluQ2QmE/is76UWhEMlHYTgmlakzpkEtFpAD9f5tdfdrlbdw==";

    /// <summary>Each store's client: the default store's and store-b's with a plain secret, store-a's with a hashed one.</summary>
    public static IReadOnlyDictionary<string, (string ClientId, string Secret)> Clients { get; } = new Dictionary<string, (string, string)>
    {
        [JobStores.Default] = ("default-client", "default-secret"),
        [StoreA] = ("store-a-client", "store-a-secret"),
        // Characters a form must escape, as the JS SDK does (see Tokens_Specs).
        [StoreB] = ("store-b-client", "store-b secret&=+/é"),
    };

    /// <summary>The configuration of the keys (tokens' and file links') and the clients.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("Jobs:Auth:SigningKeys:0", SigningKey);
        yield return new("Jobs:Files:LinkSigningKey", FileLinkKey);
        var index = 0;
        foreach (var (store, (clientId, secret)) in Clients)
        {
            var at = $"Jobs:Auth:Clients:{index++}";
            yield return new($"{at}:ClientId", clientId);
            yield return new($"{at}:StoreId", store);
            yield return store == StoreA ? new($"{at}:ClientSecretHash", StoreASecretHash) : new($"{at}:ClientSecret", secret);
        }
    }

    /// <summary>
    /// A token as the API's own look, signed with <paramref name="key"/> (base64), unless the spec changes a part:
    /// its issuer, audience, claims (null leaves the store out) or times.
    /// </summary>
    public static string Token(DateTimeOffset issuedAt, string key = SigningKey, string issuer = Issuer, string audience = Audience,
        IDictionary<string, object>? claims = null, TimeSpan? lifetime = null)
    {
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + (lifetime ?? TimeSpan.FromHours(1))).UtcDateTime,
            Claims = claims ?? new Dictionary<string, object> { [JobsClaims.Subject] = "spec", [JobsClaims.StoreId] = JobStores.Default },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
