using Jobs.Api.Http;
using Jobs.Catalog.Files;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Jobs.Api.Catalog;

/// <summary>
/// The <c>multipart/form-data</c> of an import: the <c>file</c> field streamed into the file store as it arrives (never
/// held in memory, never past <paramref name="maxBytes"/>), and the other fields, which are short, as text.
/// </summary>
static class Uploads
{
    public const string FileField = "file";

    const int MaxFieldLength = 1024;

    /// <summary>What an upload left: its form fields, or the error to answer with (the file store then holds nothing new).</summary>
    public sealed record Upload(IReadOnlyDictionary<string, string> Fields, IResult? Error);

    /// <summary>Streams the request's <c>file</c> into <paramref name="files"/> at <paramref name="key"/>.</summary>
    public static async Task<Upload> SaveAsync(HttpRequest request, IFileStore files, string key, long maxBytes, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return new(fields, ApiErrors.UnsupportedMediaType($"Send the file as multipart/form-data with a '{FileField}' field."));
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            return new(fields, ApiErrors.BadRequest("The multipart/form-data content type has no boundary."));

        var reader = new MultipartReader(boundary, request.Body);
        var sawFile = false;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data"))
                    continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (name == FileField)
                {
                    if (sawFile)
                        return new(fields, ApiErrors.BadRequest($"Send one '{FileField}' field, not several.", FileField));
                    sawFile = true;
                    try
                    {
                        await files.SaveAsync(key, async (target, ct) =>
                    {
                            var buffer = new byte[81920];
                            long total = 0;
                            int read;
                            while ((read = await section.Body.ReadAsync(buffer, ct)) > 0)
                            {
                                total += read;
                                if (total > maxBytes)
                                    throw new FileTooLargeException();
                                await target.WriteAsync(buffer.AsMemory(0, read), ct);
                            }
                        }, cancellationToken);
                    }
                    catch (FileTooLargeException)
                    {
                        // The store threw the partial file away: nothing is left under the key.
                        return new(fields, ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, $"The file is larger than the {maxBytes} bytes an import takes.",
                            new() { Parameter = FileField }));
                    }
                }
                else
                {
                    using var text = new StreamReader(section.Body);
                    var buffer = new char[MaxFieldLength + 1];
                    var length = await text.ReadBlockAsync(buffer, cancellationToken);
                    if (length > MaxFieldLength)
                        return new(fields, ApiErrors.BadRequest($"The form field '{name}' is longer than {MaxFieldLength} characters.", name));
                    fields[name] = new string(buffer, 0, length);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            // The multipart body itself is malformed; the reader's message says how, and holds nothing of the caller's data.
            return new(fields, ApiErrors.BadRequest($"The multipart/form-data body cannot be read: {ex.Message}"));
        }

        return sawFile ? new(fields, null) : new(fields, ApiErrors.BadRequest($"The form has no '{FileField}' field: send the file in a field named '{FileField}'.", FileField));
    }

    sealed class FileTooLargeException : Exception;
}
