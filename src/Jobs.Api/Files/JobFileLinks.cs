using Jobs.Catalog.Files;
using Microsoft.AspNetCore.Http.Extensions;

namespace Jobs.Api.Files;

/// <summary>
/// The download links one response shows for one store's jobs (<see cref="FileLinks.For"/>): what a job document
/// makes of the file locations its handler reported.
/// </summary>
sealed class JobFileLinks(FileLinks links, HttpRequest request, string storeId, long expires)
{
    /// <summary>
    /// Each location as the document shows it: a key of the store's files becomes a signed link; an absolute URI (a
    /// handler in another service keeps its files elsewhere) is shown as it is, and so is anything else, which is no
    /// key of this store's and so is never signed.
    /// </summary>
    public IReadOnlyList<string>? Show(IReadOnlyList<string>? locations) => locations?.Select(Show).ToList();

    string Show(string location) =>
        JobFiles.BelongsTo(location, storeId) ? Link(location) : location;

    string Link(string key) => UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, $"{FileLinks.PathPrefix}/{key}",
        QueryString.Create([
            KeyValuePair.Create(FileLinks.ExpiresParameter, (string?)expires.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            KeyValuePair.Create(FileLinks.SignatureParameter, (string?)links.Sign(key, expires)),
        ]));
}
