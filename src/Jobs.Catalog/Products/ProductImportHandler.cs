using Jobs.Catalog.Files;
using Jobs.Catalog.Persistence;
using Jobs.Contracts;
using Jobs.Handlers;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Catalog.Products;

/// <summary>
/// <c>product-import</c>: creates or updates the store's products from the uploaded CSV (<c>file_location</c>), read
/// one row at a time and written <see cref="BatchSize"/> rows per transaction, each batch in a context of its own, so
/// that neither the file nor the catalog is ever held in memory. Good rows are written, bad rows are reported
/// (<c>row 12: data.attributes.sku: Must be unique amongst products.</c>, the header being row 1) and fail the job.
/// </summary>
/// <remarks>
/// A run started again after a crash writes the same products: rows are matched by <c>id</c> or <c>external_ref</c>,
/// and a product created from a row with neither gets an id derived from the job and the row
/// (<see cref="ImportedProductIds"/>), so the second run updates what the first one created.
/// </remarks>
public sealed class ProductImportHandler(IDbContextFactory<CatalogDbContext> contexts, IFileStore files, TimeProvider clock) : IJobHandler
{
    /// <summary>Rows per transaction: big enough that a 50,000-row file takes a hundred round trips, small enough to stay light.</summary>
    public const int BatchSize = 500;

    public string JobType => JobTypes.ProductImport;

    public async Task<JobResult> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        var location = job.Parameter(JobParameters.FileLocation);
        if (job.StoreId is not { } store || location is null || !JobFiles.BelongsTo(location, store))
            return JobResult.Failure("file_location is not a file uploaded to this store: import files through POST /pcm/products/import");
        await using var stream = await files.OpenReadAsync(location, cancellationToken);
        if (stream is null)
            return JobResult.Failure("the uploaded file is no longer stored: upload it again");

        var errors = new ProductImportErrors();
        var written = new HashSet<Guid>();
        var imported = 0;
        try
        {
            using var csv = ProductCsvReader.Open(stream);
            if (csv.MissingColumn is { } missing)
                return JobResult.Failure($"missing required csv header: {missing}");
            var batch = new List<ProductImportRow>(BatchSize);
            var more = true;
            while (more)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (batch.Count < BatchSize && (more = csv.TryRead(out var row)))
                {
                    if (row.Number > CatalogLimits.MaxImportRows)
                        throw new ProductCsvException(ProductCsvReader.TooManyRows);
                    batch.Add(ProductImportRow.Parse(row));
                }

                if (batch.Count == 0)
                    break;
                await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
                    imported += await new ProductImportBatch(db, store, job.JobId, clock.GetUtcNow().UtcDateTime, written, errors).ApplyAsync(batch, cancellationToken);
                job.Progress.Report(new JobProgress((int)(99 * ProductCsvReader.Fraction(stream)), $"{csv.RowNumber - 1} rows read, {imported} written"));
                batch.Clear();
            }
        }
        catch (ProductCsvException ex)
        {
            // Batches before the bad row stay written (an upload is checked before its job exists, so this is rare).
            errors.Add(ex.Message);
        }

        return errors.Count == 0 ? JobResult.Success() : JobResult.Failure(errors.ToReport());
    }
}
