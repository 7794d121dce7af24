namespace Jobs.Api.Auth;

/// <summary>
/// A client that may ask <c>POST /oauth/access_token</c> for tokens, and the store those tokens act on. Exactly one of
/// <see cref="ClientSecretHash"/> and <see cref="ClientSecret"/> is set.
/// </summary>
public sealed class JobsClientOptions
{
    /// <summary>The <c>client_id</c> the client sends.</summary>
    public string? ClientId { get; set; }

    /// <summary>The store every token of this client acts on.</summary>
    public string? StoreId { get; set; }

    /// <summary>
    /// The client's secret as ASP.NET Core Identity's <c>PasswordHasher</c> stores it (format v3: PBKDF2, salted), as
    /// the API's <c>hash-secret</c> command prints it.
    /// </summary>
    public string? ClientSecretHash { get; set; }

    /// <summary>The secret itself, for development only: the API warns about it outside the Development environment.</summary>
    public string? ClientSecret { get; set; }
}
