using Microsoft.Extensions.Options;

namespace Jobs.Api.Files;

/// <summary>
/// Checks the link signing key at start-up, so that an API without a usable key stops at once with a message saying
/// how to make one, instead of failing on the first job document that shows a file.
/// </summary>
sealed class FileLinkOptionsValidator : IValidateOptions<FileLinkOptions>
{
    const string Setting = $"{FileLinkOptions.SectionName}:{nameof(FileLinkOptions.LinkSigningKey)}";
    static readonly string Example = $"for example: openssl rand -base64 {FileLinks.MinKeyLength}";

    public ValidateOptionsResult Validate(string? name, FileLinkOptions options)
    {
        var key = options.LinkSigningKey;
        if (string.IsNullOrWhiteSpace(key))
            return ValidateOptionsResult.Fail($"{Setting} is required: the key that signs the download links of jobs' files (base64, at least {FileLinks.MinKeyLength * 8} bits; {Example}).");
        var bytes = new byte[key.Length];
        if (!Convert.TryFromBase64String(key, bytes, out var length))
            return ValidateOptionsResult.Fail($"{Setting} is not base64.");
        return length < FileLinks.MinKeyLength
            ? ValidateOptionsResult.Fail($"{Setting} has {length * 8} bits; a link signing key needs at least {FileLinks.MinKeyLength * 8} ({Example}).")
            : ValidateOptionsResult.Success;
    }
}
