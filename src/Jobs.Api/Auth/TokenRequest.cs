using Jobs.Api.Http;
using Microsoft.Net.Http.Headers;

namespace Jobs.Api.Auth;

/// <summary>
/// A token request's credentials, read from its form (<c>application/x-www-form-urlencoded</c>, as Elastic Path and
/// its JS SDK send it). Anything else is a 400 naming the field, as Elastic Path's document has it.
/// </summary>
sealed record TokenRequest(string ClientId, string ClientSecret)
{
    public const string FormMediaType = "application/x-www-form-urlencoded";

    public static async Task<(TokenRequest? Request, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals(FormMediaType, StringComparison.OrdinalIgnoreCase))
            return (null, ApiErrors.BadRequest($"Send {ClientCredentials.GrantTypeField}, {ClientCredentials.ClientIdField} and {ClientCredentials.ClientSecretField} as {FormMediaType}, not '{request.ContentType ?? "no content type"}'."));

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return (null, ApiErrors.BadRequest($"The body is not a {FormMediaType} form."));
        }

        // Compared, never stored or echoed: a grant type of any length is simply not the one.
        var grantType = Field(form, ClientCredentials.GrantTypeField, int.MaxValue, out var error);
        if (error is not null)
            return (null, error);
        if (grantType != ClientCredentials.GrantType)
            return (null, ApiErrors.BadRequest($"{ClientCredentials.GrantTypeField} must be {ClientCredentials.GrantType}: this API issues no other kind of token.", ClientCredentials.GrantTypeField));
        var clientId = Field(form, ClientCredentials.ClientIdField, ClientCredentials.MaxClientIdLength, out error);
        if (error is not null)
            return (null, error);
        var clientSecret = Field(form, ClientCredentials.ClientSecretField, ClientCredentials.MaxClientSecretLength, out error);
        return error is null ? (new TokenRequest(clientId!, clientSecret!), null) : (null, error);
    }

    /// <summary>The field's one value; missing, empty, repeated or longer than <paramref name="maxLength"/> is an error.</summary>
    static string? Field(IFormCollection form, string name, int maxLength, out IResult? error)
    {
        var values = form[name];
        error = values.Count switch
        {
            0 => ApiErrors.BadRequest($"{name} is required.", name),
            > 1 => ApiErrors.BadRequest($"{name} must be given once, not {values.Count} times.", name),
            _ when string.IsNullOrEmpty(values[0]) => ApiErrors.BadRequest($"{name} is required.", name),
            _ when values[0]!.Length > maxLength => ApiErrors.BadRequest($"{name} must be at most {maxLength} characters.", name),
            _ => null,
        };
        return error is null ? values[0] : null;
    }
}
