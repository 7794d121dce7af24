using Jobs.Contracts;
using Jobs.Worker.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Jobs.Tests.Persistence;

/// <summary>
/// A database written by the first release, brought up to date by the migrations, run against each database by
/// a subclass: every job keeps its parameters (moved from columns of their own into the parameters), the line
/// keeps its place, and the count triggers still count; migrating back down restores the old columns.
/// </summary>
public abstract class UpgradeSpecs
{
    static readonly Guid Export = Guid.Parse("1a000000-0000-4000-8000-000000000001");
    static readonly Guid Duplicate = Guid.Parse("1a000000-0000-4000-8000-000000000002");
    static readonly Guid Children = Guid.Parse("1a000000-0000-4000-8000-000000000003");
    static readonly Guid Import = Guid.Parse("1a000000-0000-4000-8000-000000000004");
    static readonly Guid Hierarchy = Guid.Parse("2b000000-0000-4000-8000-00000000000a");
    static readonly Guid Product = Guid.Parse("2b000000-0000-4000-8000-00000000000b");

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract JobsDbContext Open();

    /// <summary>A UUID as this database's columns keep it.</summary>
    protected abstract string Uuid(Guid value);

    /// <summary>A timestamp literal this database's timestamp columns take.</summary>
    protected abstract string Timestamp { get; }

    [Fact]
    public async Task Upgrading_keeps_every_jobs_parameters_and_the_lines_place()
    {
        await using (var db = Open())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(db.Database.GetMigrations().First(), Ct);
            var oldRows = $$$"""
                INSERT INTO jobs (id, status, sequence, type, request_id, filter, copied_from, product_id, file_location, parameters, created_at, updated_at, attempt, errors)
                VALUES ('{{{Uuid(Export)}}}', 'success', 1, 'product-export', 'r1', 'eq(sku,shirt)', NULL, NULL, NULL, '{{"locale":"en-GB"}}', {{{Timestamp}}}, {{{Timestamp}}}, 1, '[]'),
                       ('{{{Uuid(Duplicate)}}}', 'pending', 2, 'hierarchy-duplicate', 'r2', NULL, '{{{Uuid(Hierarchy)}}}', NULL, NULL, '{{"name":"Copy"}}', {{{Timestamp}}}, {{{Timestamp}}}, 0, '[]'),
                       ('{{{Uuid(Children)}}}', 'pending', 3, 'child-products', 'r3', NULL, NULL, '{{{Uuid(Product)}}}', NULL, '{{}}', {{{Timestamp}}}, {{{Timestamp}}}, 0, '[]'),
                       ('{{{Uuid(Import)}}}', 'cancelled', 4, 'product-import', 'r4', NULL, NULL, NULL, 's3://uploads/p.csv', '{{}}', {{{Timestamp}}}, {{{Timestamp}}}, 0, '[]');
                UPDATE job_queue SET last_sequence = 4;
                """;
            await db.Database.ExecuteSqlRawAsync(oldRows, Ct);
        }

        await using (var db = Open())
            await db.Database.MigrateAsync(Ct);

        await using (var db = Open())
        {
            var jobs = await db.Jobs.AsNoTracking().OrderBy(x => x.Sequence).ToDictionaryAsync(x => x.CorrelationId, x => x.Parameters, Ct);
            Assert.Equal(new Dictionary<string, string> { ["locale"] = "en-GB", [JobParameters.Filter] = "eq(sku,shirt)" }, jobs[Export]);
            Assert.Equal(new Dictionary<string, string> { ["name"] = "Copy", [JobParameters.CopiedFrom] = Hierarchy.ToString() }, jobs[Duplicate]);
            Assert.Equal(new Dictionary<string, string> { [JobParameters.ProductId] = Product.ToString() }, jobs[Children]);
            Assert.Equal(new Dictionary<string, string> { [JobParameters.FileLocation] = "s3://uploads/p.csv" }, jobs[Import]);
            Assert.Equal(4, (await db.Set<StoreLine>().AsNoTracking().SingleAsync(x => x.StoreId == JobStores.Default, Ct)).LastSequence);

            // The count triggers survived the change to the jobs table.
            var before = await PendingExportsAsync(db);
            var newRow = $$$"""
                INSERT INTO jobs (id, store_id, status, sequence, type, request_id, parameters, created_at, updated_at, attempt, errors)
                VALUES ('{{{Uuid(Guid.NewGuid())}}}', 'default', 'pending', 5, 'product-export', 'r5', '{{}}', {{{Timestamp}}}, {{{Timestamp}}}, 0, '[]');
                """;
            await db.Database.ExecuteSqlRawAsync(newRow, Ct);
            Assert.Equal(before + 1, await PendingExportsAsync(db));
        }
    }

    [Fact]
    public async Task Migrating_back_down_restores_the_columns_of_the_first_release()
    {
        await using (var db = Open())
        {
            await db.Database.MigrateAsync(Ct);
            var newRows = $$$"""
                INSERT INTO jobs (id, store_id, status, sequence, type, request_id, parameters, created_at, updated_at, attempt, errors)
                VALUES ('{{{Uuid(Duplicate)}}}', 'store-b', 'pending', 7, 'hierarchy-duplicate', 'r7', '{{"copied_from":"{{{Hierarchy}}}","name":"Copy"}}', {{{Timestamp}}}, {{{Timestamp}}}, 0, '[]');
                """;
            await db.Database.ExecuteSqlRawAsync(newRows, Ct);
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First(), Ct);
        }

        await using (var db = Open())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT copied_from, parameters, (SELECT last_sequence FROM job_queue), sequence FROM jobs";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            Assert.True(await reader.ReadAsync(Ct));
            Assert.Equal(Hierarchy, Guid.Parse(reader.GetValue(0).ToString()!));
            Assert.Equal("""{"name":"Copy"}""", reader.GetString(1).Replace(" ", "", StringComparison.Ordinal));
            // One line again: the stores' jobs are numbered afresh in created order, and the line continues after them.
            Assert.Equal(1L, Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(1L, Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    static Task<long> PendingExportsAsync(JobsDbContext db) =>
        db.Counts.AsNoTracking().Where(x => x.StoreId == JobStores.Default && x.Status == JobStatuses.Pending && x.Type == JobTypes.ProductExport)
            .SumAsync(x => x.Count, Ct);
}
