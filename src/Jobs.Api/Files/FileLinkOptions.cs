using System.ComponentModel.DataAnnotations;
using Jobs.Worker.Options;

namespace Jobs.Api.Files;

/// <summary>
/// How the API signs the download links of jobs' files. Section <c>Jobs:Files</c>, beside the file store's own
/// <c>Root</c>:
/// <code>{ "Jobs": { "Files": { "LinkSigningKey": "&lt;base64, at least 256 bits&gt;", "LinkLifetime": "01:00:00" } } }</code>
/// </summary>
public sealed class FileLinkOptions
{
    public const string SectionName = "Jobs:Files";

    /// <summary>
    /// The HMAC-SHA256 key of the links, base64, at least 256 bits: whoever holds it can make a link to any store's
    /// files, so it is a secret like the token signing keys (and best a different one, so that either can be changed alone).
    /// </summary>
    public string? LinkSigningKey { get; set; }

    /// <summary>
    /// How long a link works after the job document that showed it was read. Each read makes fresh links; a short
    /// lifetime limits what a link that leaks (a log, a browser history) gives away.
    /// </summary>
    [TimeSpanRange("00:01:00", "1.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);
}
