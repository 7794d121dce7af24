namespace Jobs.Api.Auth;

/// <summary>
/// An identity provider whose tokens the API accepts, so that a platform with its own needs no Jobs clients. Its
/// signing keys and issuer come from its OpenID Connect metadata (<c>/.well-known/openid-configuration</c>).
/// </summary>
public sealed class ExternalIssuerOptions
{
    /// <summary>The issuer's address; its metadata is read from under it.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> its tokens must carry for this API.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that names a token's store.</summary>
    public string StoreClaim { get; set; } = JobsClaims.StoreId;

    /// <summary>Whether the metadata must come over HTTPS; only a test issuer on loopback may do without.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
