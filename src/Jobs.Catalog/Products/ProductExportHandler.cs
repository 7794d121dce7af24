using Jobs.Catalog.Files;
using Jobs.Catalog.Filters;
using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Jobs.Contracts;
using Jobs.Handlers;
using Microsoft.EntityFrameworkCore;
using nietras.SeparatedValues;

namespace Jobs.Catalog.Products;

/// <summary>
/// <c>product-export</c>: writes the store's products that match the job's <c>filter</c> to CSV parts of at most
/// <see cref="CatalogLimits.MaxExportPartRows"/> rows, in creation order. Products are read a page at a time by key
/// (created_at, id), never by offset and never all at once. Parts are written under temporary names and given their
/// final ones (<c>products-1.csv</c>, …) only once every part is whole, so a job's result never names a partial file;
/// a run started again first removes whatever an earlier run left.
/// </summary>
public sealed class ProductExportHandler(IDbContextFactory<CatalogDbContext> contexts, IFileStore files) : IJobHandler
{
    /// <summary>Products read per query.</summary>
    public const int PageSize = 1000;

    const string TemporarySuffix = ".tmp";

    public string JobType => JobTypes.ProductExport;

    public async Task<JobResult> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        if (job.StoreId is not { } store)
            return JobResult.Failure("the job has no store");
        if (!ProductFilter.TryParse(job.Parameter(JobParameters.Filter), out var filter, out var reason))
            return JobResult.Failure($"filter: {reason}");

        await files.DeleteAllAsync(JobFiles.JobFolder(store, job.JobId), cancellationToken);
        var total = await CountAsync(store, filter, cancellationToken);
        var maxProducts = (long)JobLimits.MaxFileLocations * CatalogLimits.MaxExportPartRows;
        if (total > maxProducts)
            return JobResult.Failure($"{total} products match; an export holds at most {maxProducts}: narrow the filter");

        var parts = new List<string>();
        var cursor = new Cursor(filter, store);
        var exported = 0L;
        while (await cursor.NextPageAsync(contexts, PageSize, cancellationToken) is { Count: > 0 } first)
        {
            var key = JobFiles.Key(store, job.JobId, $"products-{parts.Count + 1}.csv{TemporarySuffix}");
            await files.SaveAsync(key, async (stream, ct) =>
            {
                using var writer = ProductCsv.Writer(stream);
                var page = first;
                var rows = 0;
                while (page.Count > 0)
                {
                    Write(writer, page);
                    rows += page.Count;
                    var room = CatalogLimits.MaxExportPartRows - rows;
                    page = room > 0 ? await cursor.NextPageAsync(contexts, Math.Min(PageSize, room), ct) : [];
                }

                exported += rows;
            }, cancellationToken);
            parts.Add(key);
            job.Progress.Report(new JobProgress(total == 0 ? 99 : (int)(99 * exported / Math.Max(total, exported)), $"{parts.Count} parts, {exported} products written"));
        }

        var locations = new List<string>(parts.Count);
        foreach (var part in parts)
        {
            var final = part[..^TemporarySuffix.Length];
            await files.MoveAsync(part, final, cancellationToken);
            locations.Add(final);
        }

        return JobResult.Success() with { FileLocations = locations };
    }

    async Task<long> CountAsync(string store, ProductFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await filter.Apply(db.Products.Where(p => p.StoreId == store)).LongCountAsync(cancellationToken);
    }

    static void Write(SepWriter writer, IReadOnlyList<Product> products)
    {
        foreach (var product in products)
        {
            using var row = writer.NewRow();
            row[ProductCsv.Id].Set(product.Id.ToString());
            row[ProductCsv.ExternalRef].Set(product.ExternalRef ?? "");
            row[ProductCsv.Name].Set(product.Name);
            row[ProductCsv.Description].Set(product.Description ?? "");
            row[ProductCsv.Slug].Set(product.Slug ?? "");
            row[ProductCsv.Status].Set(product.Status);
            row[ProductCsv.CommodityType].Set(product.CommodityType);
            row[ProductCsv.UpcEan].Set(product.UpcEan ?? "");
            row[ProductCsv.Mpn].Set(product.Mpn ?? "");
            row[ProductCsv.Sku].Set(product.Sku ?? "");
            row[ProductCsv.Tags].Set(ProductCsv.FormatTags(product.Tags));
            row[ProductCsv.MainImageId].Set(product.MainImageId ?? "");
            row[ProductCsv.CreatedAt].Set(ProductCsv.FormatTimestamp(product.CreatedAt));
            row[ProductCsv.UpdatedAt].Set(ProductCsv.FormatTimestamp(product.UpdatedAt));
        }
    }

    /// <summary>Where the export has got to: the key (created_at, id) of the last product read.</summary>
    sealed class Cursor(ProductFilter filter, string store)
    {
        (DateTime CreatedAt, Guid Id)? _last;

        /// <summary>The next products after the cursor, at most <paramref name="limit"/> of them, in a context of their own.</summary>
        public async Task<List<Product>> NextPageAsync(IDbContextFactory<CatalogDbContext> contexts, int limit, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var query = filter.Apply(db.Products.AsNoTracking().Where(p => p.StoreId == store));
            if (_last is var (createdAt, id))
                query = query.Where(p => p.CreatedAt > createdAt || (p.CreatedAt == createdAt && p.Id.CompareTo(id) > 0));
            var page = await query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Take(limit).ToListAsync(cancellationToken);
            if (page.Count > 0)
                _last = (page[^1].CreatedAt, page[^1].Id);
            return page;
        }
    }
}
