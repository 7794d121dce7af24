namespace Jobs.Api.Auth;

/// <summary>
/// The fields of a token request (<c>grant_type=client_credentials&amp;client_id=…&amp;client_secret=…</c>, as Elastic
/// Path has them) and their bounds: a longer value is refused before it is looked up or hashed.
/// </summary>
public static class ClientCredentials
{
    public const string GrantTypeField = "grant_type";
    public const string ClientIdField = "client_id";
    public const string ClientSecretField = "client_secret";

    /// <summary>The only grant: a client proving itself with its id and secret.</summary>
    public const string GrantType = "client_credentials";

    /// <summary>The longest client id.</summary>
    public const int MaxClientIdLength = 128;

    /// <summary>The longest client secret.</summary>
    public const int MaxClientSecretLength = 256;
}
