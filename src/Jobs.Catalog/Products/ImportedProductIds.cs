using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Jobs.Catalog.Products;

/// <summary>
/// The id of a product an import creates, derived from the job and the row rather than drawn at random: a run that
/// crashed and is started again creates the same ids, finds the products the first run wrote and updates them instead
/// of adding duplicates (rows with an <c>external_ref</c> are found by it as well; rows with neither need this).
/// </summary>
static class ImportedProductIds
{
    public static Guid For(Guid jobId, int rowNumber)
    {
        Span<byte> input = stackalloc byte[20];
        jobId.TryWriteBytes(input, bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(input[16..], rowNumber);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        // An RFC 9562 version 8 (custom) UUID: the variant and version bits set, the rest from the hash.
        hash[7] = (byte)((hash[7] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
