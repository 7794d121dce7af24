using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Jobs.Contracts;
using Jobs.Handlers;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Catalog.Children;

/// <summary>
/// <c>child-products</c>: builds one child of a base product per combination of its variations' options, replacing the
/// children an earlier build made. A child's id derives from the parent's and its options' ids, so a rebuild keeps the
/// ids of the combinations that still exist (as Elastic Path does when options are added or removed) and a re-run
/// after a crash writes the same children again. Everything is checked and read before anything is written, and the
/// stale children go and the new ones come in one short transaction: a failed or cancelled build leaves the earlier children.
/// </summary>
public sealed class ChildProductsHandler(IDbContextFactory<CatalogDbContext> contexts, TimeProvider clock) : IJobHandler
{
    /// <summary>Skus and slugs checked per query.</summary>
    const int BatchSize = 1_000;

    public string JobType => JobTypes.ChildProducts;

    public async Task<JobResult> RunAsync(JobExecution job, CancellationToken ct)
    {
        var store = job.StoreId ?? "";
        var parentId = job.UuidParameter(JobParameters.ProductId) ?? Guid.Empty;
        await using var db = await contexts.CreateDbContextAsync(ct);

        var parent = await db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.StoreId == store && p.Id == parentId, ct);
        if (parent is null)
            return JobResult.Failure($"product {parentId} not found");
        if (parent.ParentId is not null)
            return JobResult.Failure($"product {parentId} is a child product: build the children of its base product {parent.ParentId}");

        var plan = await ChildPlan.MakeAsync(db, parent, ct);
        if (plan.Error is not null)
            return JobResult.Failure(plan.Error);
        var now = clock.GetUtcNow().UtcDateTime;
        var children = plan.Combinations.Select(c => c.ToChild(parent, now)).ToList();
        if (await FindTakenAsync(db, parent, children, ct) is { } taken)
            return JobResult.Failure(taken);

        job.Progress.Report(new JobProgress(10, $"building {children.Count} child products"));
        var existing = await db.Products.Where(p => p.StoreId == store && p.ParentId == parentId).ToDictionaryAsync(p => p.Id, ct);
        var keep = children.Select(c => c.Id).ToHashSet();
        db.Products.RemoveRange(existing.Values.Where(p => !keep.Contains(p.Id)));
        foreach (var child in children)
        {
            if (existing.TryGetValue(child.Id, out var row))
                Refresh(row, child, now);
            else
                db.Products.Add(child);
        }

        // One SaveChanges is one transaction: the stale children go and the new ones come together, or nothing changes.
        await db.SaveChangesAsync(ct);
        job.Progress.Report(new JobProgress(100, $"{children.Count} child products built"));
        return JobResult.Success();
    }

    /// <summary>A child built again takes the parent's current attributes; its id, creation time and placements stay.</summary>
    static void Refresh(Product row, Product child, DateTime now)
    {
        row.Name = child.Name;
        row.Description = child.Description;
        row.Sku = child.Sku;
        row.Slug = child.Slug;
        row.Status = child.Status;
        row.CommodityType = child.CommodityType;
        row.UpdatedAt = now;
    }

    /// <summary>The first sku or slug of a new child that another product (not a child of this parent) already has.</summary>
    static async Task<string?> FindTakenAsync(CatalogDbContext db, Product parent, List<Product> children, CancellationToken ct)
    {
        var others = db.Products.Where(p => p.StoreId == parent.StoreId && (p.ParentId == null || p.ParentId != parent.Id));
        foreach (var batch in children.Chunk(BatchSize))
        {
            var skus = batch.Where(c => c.Sku is not null).Select(c => c.Sku!).ToList();
            var sku = await others.Where(p => p.Sku != null && skus.Contains(p.Sku)).Select(p => p.Sku).FirstOrDefaultAsync(ct);
            if (sku is not null)
                return $"sku '{sku}' of a child product is already another product's sku";
            var slugs = batch.Where(c => c.Slug is not null).Select(c => c.Slug!).ToList();
            var slug = await others.Where(p => p.Slug != null && slugs.Contains(p.Slug)).Select(p => p.Slug).FirstOrDefaultAsync(ct);
            if (slug is not null)
                return $"slug '{slug}' of a child product is already another product's slug";
        }

        return null;
    }
}
