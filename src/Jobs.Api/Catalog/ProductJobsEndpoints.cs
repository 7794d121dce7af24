using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Catalog;
using Jobs.Catalog.Files;
using Jobs.Catalog.Filters;
using Jobs.Catalog.Products;
using Jobs.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace Jobs.Api.Catalog;

/// <summary>
/// <c>POST /pcm/products/import</c> and <c>POST /pcm/products/export</c>: Elastic Path's product jobs. Each checks what
/// it can before the job exists (an import's whole file, an export's filter), so that a request refused leaves neither
/// a job nor a file behind.
/// </summary>
static class ProductJobsEndpoints
{
    /// <summary>What an import's file is stored as, in its job's folder.</summary>
    public const string UploadName = "products.csv";


    public static void Map(RouteGroupBuilder pcm)
    {
        pcm.MapPost("/products/import", ImportAsync)
            .WithName("ImportProducts")
            .WithSummary("Import products")
            .WithDescription("Creates or updates products from a CSV file (multipart/form-data field 'file', at most 50 MB and 50,000 rows with the header). The file is checked before the job is created: a missing required header or too many rows is a 422.")
            .TakesUpload();
        pcm.MapPost("/products/export", ExportAsync)
            .WithName("ExportProducts")
            .WithSummary("Export products")
            .WithDescription("Exports the products matching 'filter' (all when absent) to CSV files of at most 10,000 rows each; the finished job's meta.file_locations links them. useTemplateSlugs is accepted and has no effect (Jobs keeps no templates). No body is needed.")
            .ProducesPendingJob();
    }

    static async Task<IResult> ImportAsync(HttpContext context, ClaimsPrincipal caller, IFileStore files, JobSubmitter submitter, CancellationToken cancellationToken)
    {
        var store = caller.Store();
        var jobId = Guid.NewGuid();
        var folder = JobFiles.JobFolder(store, jobId);
        var key = JobFiles.Key(store, jobId, UploadName);
        try
        {
            var upload = await Uploads.SaveAsync(context.Request, files, key, CatalogLimits.MaxUploadBytes, cancellationToken);
            if (upload.Error is not null)
            {
                await files.DeleteAllAsync(folder, CancellationToken.None);
                return upload.Error;
            }

            string? problem;
            await using (var stream = await files.OpenReadAsync(key, cancellationToken))
                problem = stream is null ? "the uploaded file could not be stored" : ProductCsvReader.Check(stream);
            if (problem is not null)
            {
                await files.DeleteAllAsync(folder, CancellationToken.None);
                return ApiErrors.FailedValidation(problem);
            }
        }
        catch
        {
            // A request cut off or failed half-way leaves nothing behind either.
            await files.DeleteAllAsync(folder, CancellationToken.None);
            throw;
        }

        return await submitter.CreateAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = JobTypes.ProductImport,
            StoreId = store,
            RequestId = context.TraceIdentifier,
            Parameters = new Dictionary<string, string> { [JobParameters.FileLocation] = key },
        }, cancellationToken);
    }

    static async Task<IResult> ExportAsync(HttpContext context, ClaimsPrincipal caller, JobSubmitter submitter, string? filter, string? useTemplateSlugs,
        CancellationToken cancellationToken)
    {
        if (useTemplateSlugs is not null && !bool.TryParse(useTemplateSlugs, out _))
            return ApiErrors.BadRequest("useTemplateSlugs must be true or false", "useTemplateSlugs");
        if (filter is { Length: > JobLimits.MaxParameterValueLength })
            return ApiErrors.BadRequest($"filter must be at most {JobLimits.MaxParameterValueLength} characters", "filter");
        if (!ProductFilter.TryParse(filter, out _, out var reason))
            return ApiErrors.BadRequest($"filter: {reason}", "filter");

        var parameters = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(filter))
            parameters[JobParameters.Filter] = filter;
        return await submitter.CreateAsync(new SubmitJob
        {
            JobId = Guid.NewGuid(),
            JobType = JobTypes.ProductExport,
            StoreId = caller.Store(),
            RequestId = context.TraceIdentifier,
            Parameters = parameters,
        }, cancellationToken);
    }
}
