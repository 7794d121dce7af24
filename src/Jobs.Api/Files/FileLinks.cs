using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Jobs.Api.Files;

/// <summary>
/// Signs and checks the download links of jobs' files: <c>/files/{store folder}/{job id}/{name}?expires=…&amp;signature=…</c>,
/// the signature an HMAC-SHA256 of the path and the expiry (unix seconds). The path names the store, so a link
/// whose store folder is changed to another store's no longer verifies: the signature is all the authority a link
/// carries, and it is why a link needs no bearer token.
/// </summary>
sealed class FileLinks : IDisposable
{
    /// <summary>Where the links point, outside <c>/pcm</c>, whose every endpoint needs a token.</summary>
    public const string PathPrefix = "/files";

    public const string ExpiresParameter = "expires";
    public const string SignatureParameter = "signature";

    /// <summary>The fewest bytes a key may have: HMAC-SHA256 is as strong as its key up to 256 bits.</summary>
    public const int MinKeyLength = 32;

    /// <summary>The bytes of an HMAC-SHA256.</summary>
    const int SignatureLength = 32;

    readonly SymmetricSignatureProvider _signer;
    readonly TimeProvider _clock;
    readonly TimeSpan _lifetime;

    public FileLinks(IOptions<FileLinkOptions> options, TimeProvider clock)
    {
        var key = new SymmetricSecurityKey(Convert.FromBase64String(options.Value.LinkSigningKey!));
        _signer = new SymmetricSignatureProvider(key, SecurityAlgorithms.HmacSha256);
        _clock = clock;
        _lifetime = options.Value.LinkLifetime;
    }

    /// <summary>
    /// The links a response to <paramref name="request"/> shows for <paramref name="storeId"/>'s jobs: absolute, on the
    /// scheme, host and path base ASP.NET Core says the request came to, each valid for the configured lifetime from now.
    /// </summary>
    public JobFileLinks For(HttpRequest request, string storeId) =>
        new(this, request, storeId, (_clock.GetUtcNow() + _lifetime).ToUnixTimeSeconds());

    /// <summary>The signature of the link to <paramref name="key"/> that expires at <paramref name="expires"/>, base64url.</summary>
    public string Sign(string key, long expires) => Base64Url.EncodeToString(_signer.Sign(SignedText(key, expires)));

    /// <summary>What a link's <c>expires</c> and <c>signature</c> say about it, the signature checked first.</summary>
    public FileLinkCheck Check(string key, string? expires, string? signature)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || signature is null)
            return FileLinkCheck.NotSigned;
        var bytes = new byte[SignatureLength];
        if (!Base64Url.TryDecodeFromChars(signature, bytes, out var length) || length != SignatureLength
            || !_signer.Verify(SignedText(key, expiry), bytes))
            return FileLinkCheck.NotSigned;
        return _clock.GetUtcNow().ToUnixTimeSeconds() >= expiry ? FileLinkCheck.Expired : FileLinkCheck.Valid;
    }

    public void Dispose() => _signer.Dispose();

    /// <summary>The path of the link (before any path base, so that a proxy's prefix does not change it) and the expiry.</summary>
    static byte[] SignedText(string key, long expires) =>
        Encoding.UTF8.GetBytes($"{PathPrefix}/{key}\n{expires.ToString(CultureInfo.InvariantCulture)}");
}

/// <summary>What a download link is worth.</summary>
enum FileLinkCheck
{
    /// <summary>Signed by this API and not expired.</summary>
    Valid,

    /// <summary>No signature, or not one this API made for this path and expiry: tampered with, or made up.</summary>
    NotSigned,

    /// <summary>Signed, but its time is up.</summary>
    Expired,
}
