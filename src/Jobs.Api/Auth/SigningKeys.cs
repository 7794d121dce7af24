using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Jobs.Api.Auth;

/// <summary>The configured signing keys (<see cref="JobsAuthOptions.SigningKeys"/>): the first signs, all verify.</summary>
sealed class SigningKeys
{
    /// <summary>The fewest bytes a key may have: HMAC-SHA256 is as strong as its key up to 256 bits.</summary>
    public const int MinLength = 32;

    public SigningKeys(IOptions<JobsAuthOptions> options)
    {
        All = [.. options.Value.SigningKeys.Select(Key)];
        Signing = All.Count > 0 ? new SigningCredentials(All[0], SecurityAlgorithms.HmacSha256) : null;
    }

    /// <summary>Every key a token may be signed with.</summary>
    public IReadOnlyList<SymmetricSecurityKey> All { get; }

    /// <summary>What new tokens are signed with, or null when the API issues no tokens.</summary>
    public SigningCredentials? Signing { get; }

    /// <summary>
    /// A key, named (<c>kid</c>) by a digest of it so that a token says which key signed it and is checked against that
    /// one; the name gives nothing of the key away.
    /// </summary>
    static SymmetricSecurityKey Key(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        return new SymmetricSecurityKey(bytes) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(bytes)[..12]) };
    }
}
