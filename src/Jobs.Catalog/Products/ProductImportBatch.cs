using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Catalog.Products;

/// <summary>
/// Writes one batch of an import's rows in one transaction: each good row creates or updates its product, each bad
/// row becomes an error and writes nothing. Uniqueness (<c>sku</c>, <c>slug</c>, <c>external_ref</c>, and one row per
/// product) is checked before anything is saved, against the store's products (one query for the whole batch), the
/// batch's earlier rows and the file's earlier batches, so that the unique indexes never have to refuse a save.
/// </summary>
/// <remarks>
/// The check is conservative: a value held by a product in the database counts as taken even when an earlier row of
/// the same batch moves it away, since the order in which the updates reach the database is not ours to choose.
/// </remarks>
sealed class ProductImportBatch(CatalogDbContext db, string storeId, Guid jobId, DateTime now, HashSet<Guid> written, ProductImportErrors errors)
{
    /// <summary>Values claimed by the batch's earlier rows, with the product that claimed each.</summary>
    readonly Dictionary<string, Guid> _skus = new(StringComparer.Ordinal);
    readonly Dictionary<string, Guid> _slugs = new(StringComparer.Ordinal);
    readonly Dictionary<string, Guid> _externalRefs = new(StringComparer.Ordinal);

    Dictionary<Guid, Product> _byId = [];
    ILookup<string, Guid> _bySku = null!;
    ILookup<string, Guid> _bySlug = null!;
    Dictionary<string, Product> _byExternalRef = [];

    /// <summary>Applies <paramref name="rows"/>; answers how many were written.</summary>
    public async Task<int> ApplyAsync(IReadOnlyList<ProductImportRow> rows, CancellationToken cancellationToken)
    {
        await LoadAsync(rows, cancellationToken);
        var applied = new List<(int Row, Guid Product)>();
        foreach (var row in rows)
        {
            var problems = new List<string>(row.Problems);
            var target = problems.Count == 0 ? Target(row, problems) : default;
            if (problems.Count == 0)
                CheckUnique(row, target.Id, problems);
            if (problems.Count > 0)
            {
                errors.Add($"row {row.Number}: {string.Join("; ", problems)}");
                continue;
            }

            var product = target.Existing ?? db.Products.Add(new Product { Id = target.Id, StoreId = storeId, Name = "", CreatedAt = now }).Entity;
            row.ApplyTo(product);
            product.UpdatedAt = now;
            Claim(row, target.Id);
            applied.Add((row.Number, target.Id));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another writer took a value between the check and the save: the batch is not written, and says so.
            foreach (var (row, product) in applied)
            {
                written.Remove(product);
                errors.Add($"row {row}: not saved: a sku, slug or external_ref of its batch was taken by another change meanwhile; import the file again");
            }

            return 0;
        }

        return applied.Count;
    }

    /// <summary>The store's products any row of the batch might touch or collide with, in one query.</summary>
    async Task LoadAsync(IReadOnlyList<ProductImportRow> rows, CancellationToken cancellationToken)
    {
        var good = rows.Where(r => r.Problems.Count == 0).ToList();
        var ids = good.Select(r => r.Id ?? ImportedProductIds.For(jobId, r.Number)).ToList();
        var refs = good.Select(r => r.ExternalRef).Where(v => v is not null).ToList();
        var skus = good.Select(r => r.Sku).Where(v => v is not null).ToList();
        var slugs = good.Select(r => r.Slug).Where(v => v is not null).ToList();
        var products = await db.Products
            .Where(p => p.StoreId == storeId && (ids.Contains(p.Id) || refs.Contains(p.ExternalRef) || skus.Contains(p.Sku) || slugs.Contains(p.Slug)))
            .ToListAsync(cancellationToken);
        _byId = products.ToDictionary(p => p.Id);
        _byExternalRef = products.Where(p => p.ExternalRef is not null).ToDictionary(p => p.ExternalRef!, StringComparer.Ordinal);
        _bySku = products.Where(p => p.Sku is not null).ToLookup(p => p.Sku!, p => p.Id, StringComparer.Ordinal);
        _bySlug = products.Where(p => p.Slug is not null).ToLookup(p => p.Slug!, p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// The product the row writes: the one its <c>id</c> names (which must exist), else the one its
    /// <c>external_ref</c> names, else a new one whose id comes from the job and the row (or the one an earlier run of
    /// this job created from the same row).
    /// </summary>
    (Guid Id, Product? Existing) Target(ProductImportRow row, List<string> problems)
    {
        if (row.Id is { } id)
        {
            if (!_byId.TryGetValue(id, out var named))
                problems.Add("data.id: No product with this id exists.");
            else if (!written.Add(id))
                problems.Add("data.id: Must be unique amongst the file's rows.");
            return (id, named);
        }

        if (row.ExternalRef is { } reference && _byExternalRef.TryGetValue(reference, out var referred))
        {
            if (!written.Add(referred.Id))
                problems.Add(ProductImportRow.NotUnique(ProductCsv.ExternalRef));
            return (referred.Id, referred);
        }

        var created = ImportedProductIds.For(jobId, row.Number);
        if (row.ExternalRef is { } claimed && _externalRefs.ContainsKey(claimed))
            problems.Add(ProductImportRow.NotUnique(ProductCsv.ExternalRef));
        else
            written.Add(created);
        return (created, _byId.GetValueOrDefault(created));
    }

    void CheckUnique(ProductImportRow row, Guid product, List<string> problems)
    {
        if (row.ExternalRef is { } reference && (Taken(_externalRefs, reference, product) || (_byExternalRef.TryGetValue(reference, out var holder) && holder.Id != product)))
            problems.Add(ProductImportRow.NotUnique(ProductCsv.ExternalRef));
        if (row.Slug is { } slug && (Taken(_slugs, slug, product) || _bySlug[slug].Any(id => id != product)))
            problems.Add(ProductImportRow.NotUnique(ProductCsv.Slug));
        if (row.Sku is { } sku && (Taken(_skus, sku, product) || _bySku[sku].Any(id => id != product)))
            problems.Add(ProductImportRow.NotUnique(ProductCsv.Sku));
        if (problems.Count > 0)
            written.Remove(product);
    }

    static bool Taken(Dictionary<string, Guid> claimed, string value, Guid product) => claimed.TryGetValue(value, out var holder) && holder != product;

    void Claim(ProductImportRow row, Guid product)
    {
        if (row.ExternalRef is { } reference)
            _externalRefs[reference] = product;
        if (row.Slug is { } slug)
            _slugs[slug] = product;
        if (row.Sku is { } sku)
            _skus[sku] = product;
    }
}
