using System.Buffers.Binary;
using Microsoft.AspNetCore.Identity;

namespace Jobs.Api.Auth;

/// <summary>
/// Client secret hashes in ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> format v3: base64 of the byte
/// <c>0x01</c>, then, each a big-endian 32-bit number, the PRF (2: HMAC-SHA512), the PBKDF2 iteration count and the
/// salt's length, then the salt and the derived key.
/// </summary>
static class SecretHashes
{
    const byte Version3 = 0x01;
    const int HeaderLength = 13;
    const int MinSaltLength = 16;
    const int MinKeyLength = 32;

    /// <summary>A new salted hash of <paramref name="secret"/>, with today's defaults (PBKDF2 HMAC-SHA512, 100,000 iterations).</summary>
    public static string Hash(string secret) => new PasswordHasher<JobsClient>().HashPassword(new JobsClient("", ""), secret);

    /// <summary>True when <paramref name="hash"/> is a format v3 hash with a salt and a key of useful sizes.</summary>
    public static bool IsVersion3(string hash)
    {
        var bytes = new byte[hash.Length];
        if (!Convert.TryFromBase64String(hash, bytes, out var length) || length < HeaderLength || bytes[0] != Version3)
            return false;
        var saltLength = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9, 4));
        return saltLength >= MinSaltLength && length - HeaderLength - saltLength >= MinKeyLength;
    }
}
