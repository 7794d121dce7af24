using System.IO.Compression;
using System.Security.Claims;
using Jobs.Api.Auth;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Jobs.Catalog;
using Jobs.Catalog.Files;
using Jobs.Catalog.Prices;
using Jobs.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace Jobs.Api.Catalog;

/// <summary>
/// <c>POST /pcm/pricebooks/import</c>: takes a JSONL file of price books and prices (<c>multipart/form-data</c>, field
/// <c>file</c>, with <c>file_compression</c> <c>none</c>, the default, or <c>gzip</c>), keeps it in the file store under
/// the new job's folder and submits a <c>price-import</c> job for it. A compression it does not know, an empty file or
/// a "gzip" file that is not one is a 422 before any job, and the file is thrown away.
/// </summary>
static class PriceImportEndpoint
{
    public const string CompressionNone = "none";


    public static void Map(RouteGroupBuilder pcm) =>
        pcm.MapPost("pricebooks/import", HandleAsync)
            .WithName("ImportPrices")
            .WithSummary("Import price books and prices")
            .WithDescription("Answers 201 with the pending price-import job. The file holds at most 50,000 objects and 50 MB.")
            .TakesUpload();

    static async Task<IResult> HandleAsync(
        HttpContext context,
        ClaimsPrincipal caller,
        IFileStore files,
        JobSubmitter submitter,
        CancellationToken cancellationToken)
    {
        var store = caller.Store();
        var jobId = Guid.NewGuid();
        var uploaded = JobFiles.Key(store, jobId, "prices.jsonl");
        var upload = await Uploads.SaveAsync(context.Request, files, uploaded, CatalogLimits.MaxUploadBytes, cancellationToken);
        var compression = upload.Fields.GetValueOrDefault(JobParameters.FileCompression) is { Length: > 0 } given ? given : CompressionNone;
        var error = upload.Error
            ?? (compression is CompressionNone or PriceImportHandler.Gzip
                ? await CheckAsync(files, uploaded, compression == PriceImportHandler.Gzip, cancellationToken)
                : ApiErrors.FailedValidation($"file_compression must be '{CompressionNone}' or '{PriceImportHandler.Gzip}'", "/file_compression"));
        if (error is not null)
        {
            await files.DeleteAllAsync(JobFiles.JobFolder(store, jobId), CancellationToken.None);
            return error;
        }

        var key = uploaded;
        if (compression == PriceImportHandler.Gzip)
        {
            key = JobFiles.Key(store, jobId, "prices.jsonl.gz");
            await files.MoveAsync(uploaded, key, cancellationToken);
        }

        return await submitter.CreateAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = JobTypes.PriceImport,
            StoreId = store,
            RequestId = context.TraceIdentifier,
            Parameters = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [JobParameters.FileLocation] = key,
                [JobParameters.FileCompression] = compression,
            },
        }, cancellationToken);
    }

    /// <summary>A 422 when the file holds nothing, or claims gzip and is not; null when it can be imported.</summary>
    static async Task<IResult?> CheckAsync(IFileStore files, string key, bool gzip, CancellationToken cancellationToken)
    {
        await using var stored = await files.OpenReadAsync(key, cancellationToken);
        if (stored is null)
            return ApiErrors.FailedValidation("the file is empty", "/file");
        await using var content = gzip ? new GZipStream(stored, CompressionMode.Decompress) : stored;
        var first = new byte[1];
        try
        {
            return await content.ReadAsync(first, cancellationToken) == 0 ? ApiErrors.FailedValidation("the file is empty", "/file") : null;
        }
        catch (InvalidDataException)
        {
            return ApiErrors.FailedValidation("the file is not gzip: send it uncompressed with file_compression none", "/file");
        }
    }
}
