using System.IO.Compression;
using System.Text.Json;
using Jobs.Catalog.Files;
using Jobs.Catalog.Persistence;
using Jobs.Contracts;
using Jobs.Handlers;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Catalog.Prices;

/// <summary>
/// <c>price-import</c>: creates or updates price books and prices from the uploaded file, a stream of JSON objects
/// (one a line or pretty-printed over several), gzip when <c>file_compression</c> says so. Objects are applied in file
/// order and written in batches of 1,000, one transaction each (its <c>SaveChanges</c>), as Elastic Path does; the first bad object fails the job
/// with an error naming it (<c>object 7: data.attributes.sku: is required</c>), and everything before it is written,
/// the earlier objects of its own batch included. A file of more than
/// <see cref="CatalogLimits.MaxPriceImportObjects"/> objects is refused before anything is written.
/// </summary>
public sealed class PriceImportHandler(IDbContextFactory<CatalogDbContext> contexts, IFileStore files, TimeProvider clock) : IJobHandler
{
    /// <summary>Objects per transaction: Elastic Path's batch.</summary>
    public const int BatchSize = 1_000;

    public const string Gzip = "gzip";

    public string JobType => JobTypes.PriceImport;

    public async Task<JobResult> RunAsync(JobExecution job, CancellationToken ct)
    {
        var store = job.StoreId ?? "";
        var key = job.Parameter(JobParameters.FileLocation);
        var gzip = job.Parameter(JobParameters.FileCompression) == Gzip;
        if (key is null || !JobFiles.BelongsTo(key, store))
            return JobResult.Failure("the uploaded file is not one of this store's files");

        var count = await CountAsync(key, gzip, ct);
        if (count is null)
            return JobResult.Failure("the uploaded file is no longer there");
        if (count > CatalogLimits.MaxPriceImportObjects)
            return JobResult.Failure($"the file holds more than the {CatalogLimits.MaxPriceImportObjects} objects an import takes: split it and import the parts one at a time");

        await using var file = await OpenAsync(key, gzip, ct);
        if (file is null)
            return JobResult.Failure("the uploaded file is no longer there");
        var stream = new JsonObjectStream(file);
        var index = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var objects = new List<(int Index, JsonElement Root)>(BatchSize);
            string? error = null;
            while (objects.Count < BatchSize && error is null)
            {
                var (next, readError) = await NextAsync(stream, index + 1, ct);
                error = readError;
                if (next is not { } element)
                    break;
                objects.Add((++index, element));
            }

            await using var db = await contexts.CreateDbContextAsync(ct);
            // Objects look rows up in the tracked set a thousand times a batch: changes are detected once, before saving.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = new PriceImportBatch(db, store, job.JobId, clock.GetUtcNow().UtcDateTime);
            await batch.LoadAsync(objects, ct);
            foreach (var (at, root) in objects)
            {
                try
                {
                    batch.Apply(at, root);
                }
                catch (PriceObjectException bad)
                {
                    error = $"object {at}: {bad.Member}: {bad.Message}";
                    break;
                }
            }

            // One SaveChanges is one transaction: the batch, up to its first bad object, is written whole or not at all.
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            if (error is not null)
                return JobResult.Failure(Truncate(error));
            job.Progress.Report(new JobProgress(count == 0 ? 100 : index * 100 / count.Value, $"{index} of {count} objects imported"));
            if (objects.Count < BatchSize)
                return JobResult.Success();
        }
    }

    /// <summary>The next object, or null at the end; or the error of a file that does not read as JSON (or gzip) there.</summary>
    static async Task<(JsonElement? Next, string? Error)> NextAsync(JsonObjectStream objects, int index, CancellationToken ct)
    {
        try
        {
            return (await objects.NextAsync(ct), null);
        }
        catch (InvalidJsonException ex)
        {
            return (null, $"object {index}: {ex.Message}");
        }
        catch (InvalidDataException)
        {
            return (null, $"object {index}: the file is not valid gzip");
        }
    }

    /// <summary>How many objects the file holds, counting no further than one past the limit; null when it is gone.</summary>
    async Task<int?> CountAsync(string key, bool gzip, CancellationToken ct)
    {
        await using var file = await OpenAsync(key, gzip, ct);
        if (file is null)
            return null;
        var count = 0;
        var objects = new JsonObjectStream(file);
        try
        {
            while (count <= CatalogLimits.MaxPriceImportObjects && await objects.NextAsync(ct) is not null)
                count++;
        }
        catch (Exception ex) when (ex is InvalidJsonException or InvalidDataException)
        {
            // The import itself reports where the file goes wrong, once the objects before it are written.
        }

        return count;
    }

    async Task<Stream?> OpenAsync(string key, bool gzip, CancellationToken ct)
    {
        var stream = await files.OpenReadAsync(key, ct);
        return stream is null || !gzip ? stream : new GZipStream(stream, CompressionMode.Decompress);
    }

    static string Truncate(string error) => error.Length <= JobLimits.MaxErrorMessageLength ? error : error[..JobLimits.MaxErrorMessageLength];
}
