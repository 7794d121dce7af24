using System.Security.Cryptography;

namespace Jobs.Catalog;

/// <summary>
/// Ids a job derives rather than draws (name-based, in the manner of a UUIDv5): the same inputs always give the same id,
/// so a job run again after a crash finds the rows its first run wrote instead of writing them twice.
/// </summary>
public static class DerivedIds
{
    /// <summary>The id named by <paramref name="scope"/> and <paramref name="parts"/>, in that order.</summary>
    public static Guid From(Guid scope, params ReadOnlySpan<Guid> parts)
    {
        Span<byte> input = stackalloc byte[16 * (parts.Length + 1)];
        scope.TryWriteBytes(input, bigEndian: true, out _);
        for (var i = 0; i < parts.Length; i++)
            parts[i].TryWriteBytes(input[(16 * (i + 1))..], bigEndian: true, out _);
        return FromHash(input);
    }

    /// <summary>The id named by <paramref name="scope"/> and a text, such as a role ("hierarchy") or an object's index.</summary>
    public static Guid From(Guid scope, string name)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + text.Length];
        scope.TryWriteBytes(input, bigEndian: true, out _);
        text.CopyTo(input, 16);
        return FromHash(input);
    }

    static Guid FromHash(ReadOnlySpan<byte> input)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        var bytes = hash[..16];
        // Version 8 (custom, RFC 9562) and the RFC variant, so the id is a well-formed UUID that says it was derived.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
