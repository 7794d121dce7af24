using System.ComponentModel.DataAnnotations;
using Jobs.Worker.Options;

namespace Jobs.Api.Options;

/// <summary>
/// The API's own settings. Section <c>Jobs:Api</c>:
/// <code>{ "Jobs": { "Api": { "RequestTimeout": "00:00:10", "MaxRequestBodySize": 262144 } } }</code>
/// </summary>
public sealed class JobsApiOptions
{
    public const string SectionName = "Jobs:Api";

    /// <summary>
    /// How long a submission or a cancellation waits for the saga's answer before the API gives up with
    /// <c>503</c>. The command may still take effect; retrying it is safe (both are idempotent).
    /// </summary>
    [TimeSpanRange("00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most bytes of a request body the API reads; a longer body is a <c>413</c> before any of it is parsed. The
    /// default holds the largest job the limits allow (32 parameters of 2,048 characters) even in three-byte UTF-8.
    /// </summary>
    [Range(typeof(long), "1024", "16777216")]
    public long MaxRequestBodySize { get; set; } = 256 * 1024;
}
