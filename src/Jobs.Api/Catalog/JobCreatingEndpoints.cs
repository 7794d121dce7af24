using Jobs.Api.Documents;
using Jobs.Catalog;
using Microsoft.AspNetCore.Mvc;

namespace Jobs.Api.Catalog;

/// <summary>What Elastic Path's job-creating endpoints have in common, declared once for each of them.</summary>
static class JobCreatingEndpoints
{
    /// <summary>Room for the multipart boundaries and part headers around a file of the largest size an import takes.</summary>
    const long MultipartOverhead = 64 * 1024;

    /// <summary>
    /// The answers: <c>201</c> with the pending job, <c>400</c> for a request that cannot be read, <c>503</c> when the job
    /// service does not answer in time, and the endpoint's own refusals.
    /// </summary>
    public static RouteHandlerBuilder ProducesPendingJob(this RouteHandlerBuilder endpoint, params int[] refusals)
    {
        endpoint.Produces<JobDocument>(StatusCodes.Status201Created)
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status503ServiceUnavailable);
        foreach (var status in refusals)
            endpoint.Produces<ErrorDocument>(status);
        return endpoint;
    }

    /// <summary>
    /// An import: a <c>multipart/form-data</c> body whose file may be as large as <see cref="CatalogLimits.MaxUploadBytes"/>
    /// (the API's body limit is lifted for it alone); a larger one is a <c>413</c>.
    /// </summary>
    public static RouteHandlerBuilder TakesUpload(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new RequestSizeLimitAttribute(CatalogLimits.MaxUploadBytes + MultipartOverhead))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesPendingJob(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
}
