using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Jobs.Contracts;
using Jobs.Handlers;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Catalog.Hierarchies;

/// <summary>
/// <c>hierarchy-duplicate</c>: copies a hierarchy and all its nodes, keeping the tree, and with <c>include_products</c>
/// which products are in which node. The copy's id and its nodes' ids derive from the job's id (and the source node's),
/// so a run after a crash first removes what an earlier run left and then writes the same copy again: never two
/// copies. Nodes and node products are written in batches, each in its own short transaction, with the cancellation
/// checked and progress reported between them; a cancelled or failed copy is removed.
/// </summary>
public sealed class HierarchyDuplicateHandler(IDbContextFactory<CatalogDbContext> contexts, TimeProvider clock) : IJobHandler
{
    /// <summary>Rows read and written per transaction: small enough to keep each one short.</summary>
    const int BatchSize = 1_000;

    /// <summary>What the copy's name ends with when the job names none.</summary>
    public const string CopySuffix = " - copy";

    public string JobType => JobTypes.HierarchyDuplicate;

    public async Task<JobResult> RunAsync(JobExecution job, CancellationToken ct)
    {
        var store = job.StoreId ?? "";
        var sourceId = job.UuidParameter(JobParameters.CopiedFrom) ?? Guid.Empty;
        var copyId = DerivedIds.From(job.JobId, "hierarchy");
        var includeProducts = job.Parameter(JobParameters.IncludeProducts) == "true";

        await DeleteCopyAsync(store, copyId, ct);
        try
        {
            var source = await CreateCopyAsync(job, store, sourceId, copyId, ct);
            if (source is null)
                return JobResult.Failure($"hierarchy {sourceId} not found");

            var copied = await CopyNodesAsync(job, store, source, copyId, includeProducts, ct);
            if (!copied)
            {
                await DeleteCopyAsync(store, copyId, CancellationToken.None);
                return JobResult.Failure($"hierarchy {sourceId} was deleted while it was being copied");
            }

            job.Progress.Report(new JobProgress(100, "hierarchy copied"));
            return JobResult.Success() with { HierarchyId = copyId };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await DeleteCopyAsync(store, copyId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Writes the copy's hierarchy row; null when the source is not there (or is another store's).</summary>
    async Task<Hierarchy?> CreateCopyAsync(JobExecution job, string store, Guid sourceId, Guid copyId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var source = await db.Hierarchies.AsNoTracking().SingleOrDefaultAsync(h => h.StoreId == store && h.Id == sourceId, ct);
        if (source is null)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        db.Hierarchies.Add(new Hierarchy
        {
            Id = copyId,
            StoreId = store,
            Name = job.Parameter(JobParameters.Name) ?? Truncate(source.Name + CopySuffix, CatalogLimits.MaxNameLength),
            Description = job.Parameter(JobParameters.Description) ?? source.Description,
            Slug = source.Slug,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return source;
    }

    /// <summary>Copies the nodes, then the node products when asked; false when the source went away meanwhile.</summary>
    async Task<bool> CopyNodesAsync(JobExecution job, string store, Hierarchy source, Guid copyId, bool includeProducts, CancellationToken ct)
    {
        int nodeCount;
        int productCount;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            nodeCount = await db.Nodes.CountAsync(n => n.StoreId == store && n.HierarchyId == source.Id, ct);
            productCount = includeProducts ? await SourceNodeProducts(db, store, source.Id).CountAsync(ct) : 0;
        }

        var total = Math.Max(1, nodeCount + productCount);
        var done = 0;
        Guid? after = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (!await db.Hierarchies.AnyAsync(h => h.StoreId == store && h.Id == source.Id, ct))
                return false;
            var query = db.Nodes.AsNoTracking().Where(n => n.StoreId == store && n.HierarchyId == source.Id);
            if (after is { } last)
                query = query.Where(n => n.Id > last);
            var nodes = await query.OrderBy(n => n.Id).Take(BatchSize).ToListAsync(ct);
            if (nodes.Count == 0)
                break;
            var now = clock.GetUtcNow().UtcDateTime;
            db.Nodes.AddRange(nodes.Select(n => new Node
            {
                Id = DerivedIds.From(job.JobId, n.Id),
                StoreId = store,
                HierarchyId = copyId,
                ParentId = n.ParentId is { } parent ? DerivedIds.From(job.JobId, parent) : null,
                Name = n.Name,
                Description = n.Description,
                Slug = n.Slug,
                SortOrder = n.SortOrder,
                CreatedAt = now,
                UpdatedAt = now,
            }));
            await db.SaveChangesAsync(ct);
            after = nodes[^1].Id;
            done += nodes.Count;
            job.Progress.Report(new JobProgress(done * 100 / total, $"{done} of {nodeCount} nodes copied"));
        }

        return !includeProducts || await CopyNodeProductsAsync(job, store, source.Id, done, total, ct);
    }

    async Task<bool> CopyNodeProductsAsync(JobExecution job, string store, Guid sourceId, int done, int total, CancellationToken ct)
    {
        (Guid Node, Guid Product)? after = null;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (!await db.Hierarchies.AnyAsync(h => h.StoreId == store && h.Id == sourceId, ct))
                return false;
            var query = SourceNodeProducts(db, store, sourceId);
            if (after is { } last)
                query = query.Where(p => p.NodeId > last.Node || (p.NodeId == last.Node && p.ProductId > last.Product));
            var rows = await query.OrderBy(p => p.NodeId).ThenBy(p => p.ProductId).Take(BatchSize).ToListAsync(ct);
            if (rows.Count == 0)
                return true;
            db.NodeProducts.AddRange(rows.Select(p => new NodeProduct { StoreId = store, NodeId = DerivedIds.From(job.JobId, p.NodeId), ProductId = p.ProductId }));
            await db.SaveChangesAsync(ct);
            after = (rows[^1].NodeId, rows[^1].ProductId);
            done += rows.Count;
            job.Progress.Report(new JobProgress(done * 100 / total, $"{done} of {total} nodes and product placements copied"));
        }
    }

    static IQueryable<NodeProduct> SourceNodeProducts(CatalogDbContext db, string store, Guid sourceId) =>
        db.NodeProducts.AsNoTracking().Where(p => p.StoreId == store
            && db.Nodes.Any(n => n.Id == p.NodeId && n.StoreId == store && n.HierarchyId == sourceId));

    /// <summary>Removes a copy an earlier run (or this one) left: its node products, nodes and hierarchy.</summary>
    async Task DeleteCopyAsync(string store, Guid copyId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var nodes = db.Nodes.Where(n => n.StoreId == store && n.HierarchyId == copyId);
        await db.NodeProducts.Where(p => nodes.Any(n => n.Id == p.NodeId)).ExecuteDeleteAsync(ct);
        await nodes.ExecuteDeleteAsync(ct);
        await db.Hierarchies.Where(h => h.StoreId == store && h.Id == copyId).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
    }

    static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
