using System.Security.Claims;

namespace Jobs.Api.Auth;

/// <summary>The claims the API reads from a token: the store it acts on, and who it was issued to.</summary>
public static class JobsClaims
{
    /// <summary>The store a token acts on, in the tokens this API issues (and, by default, in an external issuer's).</summary>
    public const string StoreId = "store_id";

    /// <summary>Who the token was issued to: the client id, in the tokens this API issues.</summary>
    public const string Subject = "sub";

    /// <summary>The caller once its token is validated: its store, and its subject when the token names one.</summary>
    public static ClaimsPrincipal Caller(string storeId, string? subject, string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, Subject, roleType: null);
        identity.AddClaim(new Claim(StoreId, storeId));
        if (subject is not null)
            identity.AddClaim(new Claim(Subject, subject));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The store of a caller the API has let in: every validated token names exactly one.</summary>
    public static string Store(this ClaimsPrincipal caller) =>
        caller.FindFirst(StoreId)?.Value ?? throw new InvalidOperationException("The caller was let in without a store.");
}
