using System.Security.Cryptography;
using System.Text;

namespace Jobs.Api.Http;

/// <summary>Job ids from the path, and from an <c>Idempotency-Key</c>.</summary>
static class JobIds
{
    public const string PathParameter = "jobID";

    // A fixed namespace, so the same key always gives the same job id.
    static readonly byte[] IdempotencyNamespace = Guid.Parse("5d9b4c1e-6f0a-4f8e-9c3a-7a1e2b8d4f60").ToByteArray();

    public static bool TryParsePath(string value, out Guid jobId, out IResult? error)
    {
        error = Guid.TryParse(value, out jobId) ? null : ApiErrors.BadRequest($"{PathParameter} must be a UUID, not '{value}'.", parameter: PathParameter);
        return error is null;
    }

    /// <summary>
    /// A name-based UUID (RFC 9562 version 8, SHA-256) of a store's idempotency key: a retried request with the same
    /// key names the same job, which the saga records once; two stores that happen to use the same key name two jobs.
    /// </summary>
    public static Guid FromIdempotencyKey(string storeId, string key)
    {
        // The store's length first, so that no store and key run together into another's.
        var name = $"{storeId.Length}:{storeId}:{key}";
        var hash = SHA256.HashData([.. IdempotencyNamespace, .. Encoding.UTF8.GetBytes(name)]);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
