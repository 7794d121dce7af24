using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jobs.Api.Http;

/// <summary>Reads a request's JSON body, answering every way it can be wrong with a JSON:API error.</summary>
static class JsonBody
{
    /// <summary>
    /// The body as a JSON object; null when it is empty and <paramref name="required"/> is false. A body in
    /// another media type is a 415; one that is not a JSON object, a 400.
    /// </summary>
    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request, bool required, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
            return required ? (null, ApiErrors.BadRequest("The request needs a JSON body.")) : (null, null);

        if (!request.HasJsonContentType())
            return (null, ApiErrors.UnsupportedMediaType($"Send the body as application/json, not '{request.ContentType ?? "no content type"}'."));

        try
        {
            return JsonNode.Parse(text) is JsonObject body
                ? (body, null)
                : (null, ApiErrors.BadRequest("The request body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            // Where it broke, not the parser's message: exception text never reaches a client.
            return (null, ApiErrors.BadRequest($"The request body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})."));
        }
    }
}
