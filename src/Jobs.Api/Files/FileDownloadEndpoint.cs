using Jobs.Api.Http;
using Jobs.Catalog.Files;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.StaticFiles;

namespace Jobs.Api.Files;

/// <summary>
/// <c>GET /files/{store folder}/{job id}/{name}?expires=…&amp;signature=…</c>: a job's file, streamed, for whoever holds a
/// link a job document showed (a browser, <c>curl</c>): no bearer token, the signature is the permission. A link that
/// is not signed, or was changed (its store, job, name or expiry), and an expired one are a <c>403</c> whether or not
/// the file exists, so that only a valid link tells anything about it; a valid link to a file no longer kept is a <c>404</c>.
/// </summary>
static class FileDownloadEndpoint
{
    const string StoreParameter = "store";
    const string JobParameter = "job";
    const string NameParameter = "name";

    static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet($"{FileLinks.PathPrefix}/{{{StoreParameter}}}/{{{JobParameter}}}/{{{NameParameter}}}", HandleAsync)
            .WithName("DownloadJobFile")
            .AllowAnonymous()
            // A link is handed out by a job document, never put together by a client: it is no operation of the API's.
            .ExcludeFromDescription();

    static async Task<IResult> HandleAsync(
        string store,
        string job,
        string name,
        [FromQuery(Name = FileLinks.ExpiresParameter)] string? expires,
        [FromQuery(Name = FileLinks.SignatureParameter)] string? signature,
        FileLinks links,
        IFileStore files,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var key = $"{store}/{job}/{name}";
        switch (links.Check(key, expires, signature))
        {
            case FileLinkCheck.NotSigned:
                return ApiErrors.Result(StatusCodes.Status403Forbidden, "This link is not valid: use a file link exactly as a job document shows it.");
            case FileLinkCheck.Expired:
                return ApiErrors.Result(StatusCodes.Status403Forbidden, "This link has expired: get the job again (GET /pcm/jobs/{id}) for a fresh one.");
        }

        // Only keys are signed, but the file store is asked for nothing that is not one.
        var file = JobFiles.IsKey(key) ? await files.OpenReadAsync(key, cancellationToken) : null;
        if (file is null)
            return ApiErrors.NotFound("This file is no longer kept: its job's files have been removed.");
        // The file may be removed while the link still works: no cache keeps a copy the store no longer has.
        response.Headers.CacheControl = "no-store";
        return Results.Stream(file, ContentTypes.TryGetContentType(name, out var type) ? type : "application/octet-stream", fileDownloadName: name);
    }
}
