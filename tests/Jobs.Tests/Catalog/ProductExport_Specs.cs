using System.Net;
using Jobs.Catalog;
using Jobs.Catalog.Files;
using Jobs.Catalog.Model;
using Jobs.Catalog.Products;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Tests.Api;
using Jobs.Tests.Support;

namespace Jobs.Tests.Catalog;

/// <summary><c>POST /pcm/products/export</c> and the <c>product-export</c> job on the catalog's real handler.</summary>
public sealed class ProductExport_Specs(CsvCatalogFixture fixture) : IClassFixture<CsvCatalogFixture>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    ApiDriver Api => fixture.Api;

    /// <summary>Exports the products whose sku starts with <paramref name="prefix"/>; answers the job and its files in the order of its parts.</summary>
    async Task<(Guid Job, List<string> Parts)> ExportAsync(string prefix, ApiDriver? api = null)
    {
        api ??= Api;
        var filter = $"like(sku,{prefix}*)";
        var response = await api.PostAsync($"/pcm/products/export?filter={Uri.EscapeDataString(filter)}", null, null);
        Assert.True(response.Status == HttpStatusCode.Created, $"export: {(int)response.Status} {response.Body}");
        Assert.Equal(filter, response.Json["data"]!["meta"]!["filter"]!.GetValue<string>());
        var id = Guid.Parse(response.Json["data"]!["id"]!.GetValue<string>());
        await api.WaitForStatusAsync(id, JobStatuses.Success);
        Assert.Equal(filter, (await api.GetAsync($"/pcm/jobs/{id}")).Json["data"]!["meta"]!["filter"]!.GetValue<string>());
        var files = await fixture.StoredFilesAsync(api.Store!);
        var folder = JobFiles.JobFolder(api.Store!, id) + "/";
        var parts = files.Where(f => f.StartsWith(folder, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        return (id, parts);
    }

    [Fact]
    public async Task Imported_products_export_with_every_column_as_imported()
    {
        var p = CsvCatalogFixture.Prefix();
        var header = "id,external_ref,name,description,slug,status,commodity_type,upc_ean,mpn,sku,tags,main_image_id";
        string[] rows =
        [
            $",{p}-ref-1,\"Tablet, 10\"\"\",\"Line one\nline \"\"two\"\"\",{p}-tablet,live,physical,0123,MPN-1,{p}-1,\"blue,large\",img-1",
            $",,Plain,,{p}-plain,draft,digital,,,{p}-2,,",
        ];
        await fixture.ImportAsync(CsvCatalogFixture.Csv(header, rows));
        var imported = await fixture.ProductsAsync(p);

        var (_, parts) = await ExportAsync(p);

        var part = Assert.Single(parts);
        Assert.EndsWith("/products-1.csv", part, StringComparison.Ordinal);
        var (columns, exported) = await fixture.ReadCsvAsync(part);
        Assert.Equal([.. header.Split(','), "_created_at", "_updated_at"], columns);
        var at = Expect.Timestamp(Api.Clock.GetUtcNow());
        Assert.Equal(
        [
            Row(imported[0].Id, $"{p}-ref-1", "Tablet, 10\"", "Line one\nline \"two\"", $"{p}-tablet", "live", "physical", "0123", "MPN-1", $"{p}-1", "blue,large", "img-1", at, at),
            Row(imported[1].Id, "", "Plain", "", $"{p}-plain", "draft", "digital", "", "", $"{p}-2", "", "", at, at),
        ], exported.OrderBy(r => r["sku"], StringComparer.Ordinal).ToList());

        // The export imports back onto the same products, changing nothing.
        await using (var stream = await fixture.Files.OpenReadAsync(part, Ct))
            await fixture.ImportAsync(await new StreamReader(stream!).ReadToEndAsync(Ct));
        var again = await fixture.ProductsAsync(p);
        Assert.Equal(imported.Select(Columns), again.Select(Columns));
    }

    [Fact]
    public async Task An_export_that_matches_nothing_succeeds_with_no_files()
    {
        var (job, parts) = await ExportAsync(CsvCatalogFixture.Prefix());

        Assert.Empty(parts);
        Assert.Empty((await Api.GetAsync($"/pcm/jobs/{job}")).Json["data"]!["meta"]!["file_locations"]!.AsArray());
    }

    [Fact]
    public async Task An_export_splits_into_parts_of_10000_rows_in_creation_order()
    {
        var p = CsvCatalogFixture.Prefix();
        var start = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        // Seeded out of order, and in pairs that share a creation time, so that the order is the export's doing.
        var products = Enumerable.Range(0, CatalogLimits.MaxExportPartRows + 1)
            .Select(i => Product(p, i, start.AddSeconds(i / 2)))
            .OrderByDescending(x => x.Sku, StringComparer.Ordinal).ToList();
        await fixture.SeedAsync(products);

        var (_, parts) = await ExportAsync(p);

        Assert.Equal(2, parts.Count);
        Assert.EndsWith("/products-1.csv", parts[0], StringComparison.Ordinal);
        Assert.EndsWith("/products-2.csv", parts[1], StringComparison.Ordinal);
        var first = (await fixture.ReadCsvAsync(parts[0])).Rows;
        var second = (await fixture.ReadCsvAsync(parts[1])).Rows;
        Assert.Equal(CatalogLimits.MaxExportPartRows, first.Count);
        Assert.Single(second);
        var all = first.Concat(second).ToList();
        Assert.Equal(products.Select(x => x.Id.ToString()).Order(), all.Select(r => r["id"]).Order());
        var created = all.Select(r => r["_created_at"]).ToList();
        Assert.Equal(created.Order(StringComparer.Ordinal), created);
    }

    [Fact]
    public async Task An_export_holds_only_the_callers_store_products()
    {
        var p = CsvCatalogFixture.Prefix();
        await fixture.SeedAsync([Product(p, 1, DateTime.UtcNow), Product(p, 2, DateTime.UtcNow, TestAuth.StoreA)]);

        var (_, parts) = await ExportAsync(p);

        var row = Assert.Single((await fixture.ReadCsvAsync(Assert.Single(parts))).Rows);
        Assert.Equal($"{p}-00001", row["sku"]);
    }

    [Theory]
    [InlineData("eq(price,1)")]
    [InlineData("gt(sku,a)")]
    [InlineData("eq(sku")]
    public async Task An_invalid_filter_is_a_400_before_any_job(string filter)
    {
        var jobs = await Api.RowCountAsync();

        var response = await Api.PostAsync($"/pcm/products/export?filter={Uri.EscapeDataString(filter)}", null, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("filter", response.Json["errors"]![0]!["source"]!["parameter"]!.GetValue<string>());
        Assert.StartsWith("filter: ", response.Json["errors"]![0]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(jobs, await Api.RowCountAsync());
    }

    [Fact]
    public async Task A_use_template_slugs_that_is_not_a_boolean_is_a_400_before_any_job()
    {
        var jobs = await Api.RowCountAsync();

        var response = await Api.PostAsync("/pcm/products/export?useTemplateSlugs=maybe", null, null);

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest("useTemplateSlugs must be true or false", "useTemplateSlugs"));
        Assert.Equal(jobs, await Api.RowCountAsync());
    }

    [Fact]
    public async Task An_export_without_a_filter_has_no_filter_in_its_meta()
    {
        var response = await Api.PostAsync("/pcm/products/export?useTemplateSlugs=true", null, null);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Null(response.Json["data"]!["meta"]!["filter"]);
        await Api.WaitForStatusAsync(Guid.Parse(response.Json["data"]!["id"]!.GetValue<string>()), JobStatuses.Success);
    }

    [Fact]
    public async Task A_run_started_again_removes_what_an_earlier_run_left()
    {
        var p = CsvCatalogFixture.Prefix();
        await fixture.SeedAsync([Product(p, 1, DateTime.UtcNow)]);
        var jobId = Guid.NewGuid();
        foreach (var leftover in new[] { "products-1.csv.tmp", "products-2.csv", "products-3.csv" })
            await fixture.Files.SaveAsync(JobFiles.Key(JobStores.Default, jobId, leftover), (s, ct) => s.WriteAsync("stale"u8.ToArray(), ct).AsTask(), Ct);

        var result = await fixture.Handler(JobTypes.ProductExport).RunAsync(new JobExecution
        {
            JobId = jobId,
            JobType = JobTypes.ProductExport,
            StoreId = JobStores.Default,
            Attempt = 2,
            Parameters = new Dictionary<string, string> { [JobParameters.Filter] = $"like(sku,{p}*)" },
        }, Ct);

        var part = JobFiles.Key(JobStores.Default, jobId, "products-1.csv");
        Assert.Equal([part], result.FileLocations);
        Assert.Equal([part], (await fixture.StoredFilesAsync()).Where(k => k.Contains(jobId.ToString("N"), StringComparison.Ordinal)));
        Assert.Equal($"{p}-00001", Assert.Single((await fixture.ReadCsvAsync(part)).Rows)["sku"]);
    }

    static Dictionary<string, string> Row(Guid id, params string[] cells) =>
        new[] { "id", "external_ref", "name", "description", "slug", "status", "commodity_type", "upc_ean", "mpn", "sku", "tags", "main_image_id", "_created_at", "_updated_at" }
            .Zip([id.ToString(), .. cells]).ToDictionary(c => c.First, c => c.Second);

    static string Columns(Product x) =>
        string.Join('|', x.Id, x.ExternalRef, x.Name, x.Description, x.Slug, x.Status, x.CommodityType, x.UpcEan, x.Mpn, x.Sku, string.Join(',', x.Tags), x.MainImageId);

    static Product Product(string prefix, int i, DateTime createdAt, string store = JobStores.Default) => new()
    {
        Id = Guid.NewGuid(),
        StoreId = store,
        Name = $"Product {i}",
        Sku = $"{prefix}-{i:D5}",
        Slug = $"{prefix}-{i:D5}",
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };
}
