using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using nietras.SeparatedValues;

namespace Jobs.IntegrationTests;

/// <summary>The five job types doing their work on PostgreSQL, through the API, run by <c>src/Jobs.Worker</c>.</summary>
public sealed class Catalog_Specs(CatalogScene scene) : IClassFixture<CatalogScene>
{
    static readonly TimeSpan JobLimit = TimeSpan.FromMinutes(2);
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    CatalogClient Api => scene.Client;

    [Fact]
    public async Task An_import_applies_its_good_rows_reports_its_bad_one_and_an_export_gives_the_products_back_through_an_unauthenticated_link()
    {
        var import = await Api.ImportAsync("/pcm/products/import", CatalogClient.Csv(
            "external_ref,name,description,slug,sku,status,commodity_type,upc_ean,mpn,tags",
            "rt-1,Round trip one,\"Quoted, with a comma\",rt-one,RT-1,live,physical,000000000001,MPN-1,\"blue,large\"",
            "rt-2,Round trip two,Plain,rt-two,RT-2,live,digital,,,",
            "rt-3,Round trip three,Taken sku,rt-three,RT-1,live,physical,,,"), "products.csv");
        var imported = await Api.WaitForJobAsync(import, JobLimit);
        Assert.Equal("failed", imported["attributes"]!["status"]!.GetValue<string>());
        var errors = (await Api.GetAsync($"/pcm/jobs/{import}/errors"))["data"]!.AsArray();
        Assert.Equal("row 4: data.attributes.sku: Must be unique amongst products.", Assert.Single(errors)!["attributes"]!["message"]!.GetValue<string>());

        var export = await Api.StartJobAsync("/pcm/products/export?filter=" + Uri.EscapeDataString("like(sku,RT-*)"), null);
        var exported = await Api.WaitForJobAsync(export, JobLimit);
        Assert.Equal("success", exported["attributes"]!["status"]!.GetValue<string>());
        Assert.Equal("like(sku,RT-*)", exported["meta"]!["filter"]!.GetValue<string>());
        var link = Assert.Single(exported["meta"]!["file_locations"]!.AsArray())!.GetValue<string>();

        using var anonymous = new HttpClient();
        var exportedRows = ReadCsv(await anonymous.GetStringAsync(link, Ct));
        Assert.Equal(["RT-1", "RT-2"], exportedRows.Select(r => r["sku"]).Order());
        Assert.All(exportedRows, r => Assert.False(string.IsNullOrEmpty(r["_created_at"])));
        var first = exportedRows.Single(r => r["sku"] == "RT-1");
        Assert.Equal(
            ("rt-1", "Round trip one", "Quoted, with a comma", "rt-one", "live", "physical", "000000000001", "MPN-1", "blue,large"),
            (first["external_ref"], first["name"], first["description"], first["slug"], first["status"], first["commodity_type"], first["upc_ean"], first["mpn"], first["tags"]));
        var second = exportedRows.Single(r => r["sku"] == "RT-2");
        Assert.Equal(("rt-2", "Round trip two", "Plain", "rt-two", "digital", "", ""),
            (second["external_ref"], second["name"], second["description"], second["slug"], second["commodity_type"], second["upc_ean"], second["tags"]));

        using var tampered = await anonymous.GetAsync(link.Replace("signature=", "signature=x", StringComparison.Ordinal), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
    }

    [Fact]
    public async Task A_hierarchy_is_duplicated_with_its_products_and_a_product_gets_one_child_per_combination_of_options()
    {
        var product = await Api.CreateAsync("/pcm/products", "product", new { name = "Shirt", sku = "SHIRT", slug = "shirt", status = "live", commodity_type = "physical" });
        var productId = product["id"]!.GetValue<string>();
        var hierarchy = await Api.CreateAsync("/pcm/hierarchies", "hierarchy", new { name = "Clothing" });
        var hierarchyId = hierarchy["id"]!.GetValue<string>();
        var top = await Api.CreateAsync($"/pcm/hierarchies/{hierarchyId}/nodes", "node", new { name = "Tops" });
        var nested = await Api.CreateAsync($"/pcm/hierarchies/{hierarchyId}/nodes", "node", new { name = "Shirts" },
            new { parent = new { data = new { type = "node", id = top["id"]!.GetValue<string>() } } });
        using (var placed = await Api.Http.PostAsync($"/pcm/hierarchies/{hierarchyId}/nodes/{nested["id"]}/relationships/products",
            Json(new { data = new[] { new { type = "product", id = productId } } }), Ct))
            Assert.True(placed.IsSuccessStatusCode, await placed.Content.ReadAsStringAsync(Ct));

        var duplicate = await Api.StartJobAsync($"/pcm/hierarchies/{hierarchyId}/duplicate_job",
            Json(new { data = new { type = "hierarchy", attributes = new { name = "Clothing copy", include_products = true } } }));
        var duplicated = await Api.WaitForJobAsync(duplicate, JobLimit);
        Assert.Equal("success", duplicated["attributes"]!["status"]!.GetValue<string>());
        Assert.Equal(hierarchyId, duplicated["meta"]!["copied_from"]!.GetValue<string>());
        var copyId = duplicated["meta"]!["hierarchy_id"]!.GetValue<string>();
        Assert.NotEqual(hierarchyId, copyId);
        Assert.Equal("Clothing copy", (await Api.GetAsync($"/pcm/hierarchies/{copyId}"))["data"]!["attributes"]!["name"]!.GetValue<string>());
        var copiedNodes = (await Api.GetAsync($"/pcm/hierarchies/{copyId}/nodes"))["data"]!.AsArray();
        Assert.Equal(["Shirts", "Tops"], copiedNodes.Select(n => n!["attributes"]!["name"]!.GetValue<string>()).Order());
        var copiedShirts = copiedNodes.Single(n => n!["attributes"]!["name"]!.GetValue<string>() == "Shirts")!["id"]!.GetValue<string>();
        Assert.Equal([productId], (await Api.GetAsync($"/pcm/hierarchies/{copyId}/nodes/{copiedShirts}/products"))["data"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));

        var sizes = await VariationAsync("Size", "Small", "Large");
        var colours = await VariationAsync("Colour", "Red", "Green", "Blue");
        using (var attached = await Api.Http.PostAsync($"/pcm/products/{productId}/relationships/variations",
            Json(new { data = new[] { new { type = "product-variation", id = sizes }, new { type = "product-variation", id = colours } } }), Ct))
            Assert.True(attached.IsSuccessStatusCode, await attached.Content.ReadAsStringAsync(Ct));
        var build = await Api.StartJobAsync($"/pcm/products/{productId}/build", null);
        Assert.Equal("success", (await Api.WaitForJobAsync(build, JobLimit))["attributes"]!["status"]!.GetValue<string>());
        var children = (await Api.GetAsync("/pcm/products?page[limit]=100&filter=" + Uri.EscapeDataString("like(sku,SHIRT-*)")))["data"]!.AsArray()
            .Where(p => p!["relationships"]?["base_product"]?["data"]?["id"]?.GetValue<string>() == productId).ToList();
        Assert.Equal(6, children.Count);
        Assert.Equal(6, children.Select(c => c!["attributes"]!["sku"]!.GetValue<string>()).Distinct().Count());
        Assert.All(children, c => Assert.Matches("^[a-z0-9._-]+$", c!["attributes"]!["slug"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_gzip_price_import_writes_its_price_books_and_prices_and_stops_at_its_first_bad_object()
    {
        var jsonl = string.Join("\n",
            """{"data":{"type":"pricebook","attributes":{"name":"Integration prices","external_ref":"integration-prices"}}}""",
            """{"data":{"type":"product-price","pricebook_external_ref":"integration-prices","attributes":{"sku":"PRICE-1","currencies":{"USD":{"amount":1000,"includes_tax":false,"tiers":{"min_5":{"minimum_quantity":5,"amount":900}}}}}}}""",
            """{"data":{"type":"product-price","pricebook_external_ref":"integration-prices","attributes":{"sku":"PRICE-2","currencies":{"USD":{"amount":"lots","includes_tax":false}}}}}""",
            """{"data":{"type":"product-price","pricebook_external_ref":"integration-prices","attributes":{"sku":"PRICE-3","currencies":{"USD":{"amount":300,"includes_tax":false}}}}}""");
        using var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(jsonl), Ct);

        var import = await Api.ImportAsync("/pcm/pricebooks/import", gzipped.ToArray(), "prices.jsonl.gz", ("file_compression", "gzip"));
        var imported = await Api.WaitForJobAsync(import, JobLimit);
        Assert.Equal("failed", imported["attributes"]!["status"]!.GetValue<string>());
        var error = Assert.Single((await Api.GetAsync($"/pcm/jobs/{import}/errors"))["data"]!.AsArray())!["attributes"]!["message"]!.GetValue<string>();
        Assert.StartsWith("object 3: ", error, StringComparison.Ordinal);
        Assert.Contains("amount", error, StringComparison.Ordinal);

        var pricebook = Assert.Single((await Api.GetAsync("/pcm/pricebooks"))["data"]!.AsArray(), p => p!["attributes"]!["name"]!.GetValue<string>() == "Integration prices")!;
        var prices = (await Api.GetAsync($"/pcm/pricebooks/{pricebook["id"]}/prices"))["data"]!.AsArray();
        var price = Assert.Single(prices)!["attributes"]!;
        Assert.Equal("PRICE-1", price["sku"]!.GetValue<string>());
        Assert.Equal(900, price["currencies"]!["USD"]!["tiers"]!["min_5"]!["amount"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_import_whose_worker_is_killed_mid_file_runs_again_on_another_and_leaves_no_duplicates()
    {
        const int Rows = 30_000;
        var csv = new StringBuilder("external_ref,name,description,slug,sku,status,commodity_type\n");
        for (var row = 1; row <= Rows; row++)
            csv.Append(CultureInfo.InvariantCulture, $"crash-{row},Crash {row},,crash-{row},CRASH-{row},draft,physical\n");
        var import = await Api.ImportAsync("/pcm/products/import", Encoding.UTF8.GetBytes(csv.ToString()), "products.csv");

        // The gate: the import has written its first batch (it reports progress), and the frozen worker writes no more.
        await Eventually.HoldsAsync(async () => (await Api.GetAsync($"/pcm/jobs/{import}"))["data"]!["meta"]!["progress"] is not null,
            JobLimit, () => "the import to report progress");
        await scene.Worker.FreezeAsync();
        var frozen = (await Api.GetAsync($"/pcm/jobs/{import}"))["data"]!;
        Assert.Equal("started", frozen["attributes"]!["status"]!.GetValue<string>());
        var written = await Api.TotalAsync("/pcm/products?filter=" + Uri.EscapeDataString("like(sku,CRASH-*)"));
        Assert.InRange(written, 1, Rows - 1);
        await scene.Worker.KillAsync();
        await scene.StartWorkerAsync();

        var imported = await Api.WaitForJobAsync(import, JobLimit);
        Assert.Equal("success", imported["attributes"]!["status"]!.GetValue<string>());
        Assert.Equal(2, (await new JobsDatabase(scene.Environment["ConnectionStrings:Jobs"]!).FindAsync(import))!.Attempt);
        Assert.Equal(Rows, await Api.TotalAsync("/pcm/products?filter=" + Uri.EscapeDataString("like(sku,CRASH-*)")));
    }

    [Fact]
    public async Task Elastic_paths_javascript_sdk_drives_an_export_a_duplicate_a_build_and_the_jobs_list()
    {
        var product = await Api.CreateAsync("/pcm/products", "product", new { name = "Sdk hoodie", sku = "SDK-HOODIE", slug = "sdk-hoodie", status = "live" });
        var productId = product["id"]!.GetValue<string>();
        var fits = await VariationAsync("Fit", "Regular", "Slim");
        using (var attached = await Api.Http.PostAsync($"/pcm/products/{productId}/relationships/variations",
            Json(new { data = new[] { new { type = "product-variation", id = fits } } }), Ct))
            Assert.True(attached.IsSuccessStatusCode, await attached.Content.ReadAsStringAsync(Ct));
        var hierarchyId = (await Api.CreateAsync("/pcm/hierarchies", "hierarchy", new { name = "Sdk hierarchy" }))["id"]!.GetValue<string>();
        await Api.CreateAsync($"/pcm/hierarchies/{hierarchyId}/nodes", "node", new { name = "Sdk node" });
        var failed = await Api.ImportAsync("/pcm/products/import", CatalogClient.Csv("name,description,slug,status,commodity_type", "Sdk bad,,sdk bad slug,live,physical"), "bad.csv");
        Assert.Equal("failed", (await Api.WaitForJobAsync(failed, JobLimit))["attributes"]!["status"]!.GetValue<string>());

        var output = await JsSdk.RunAsync("catalog-jobs.mjs", scene.Address.Authority, ApiClient.ClientId, ApiClient.Secret, productId, hierarchyId, failed.ToString());

        var created = output["created"]!.AsArray();
        Assert.All(created, job => Assert.Equal("pending", job!["attributes"]!["status"]!.GetValue<string>()));
        Assert.Equal(["product-export", "hierarchy-duplicate", "child-products"], created.Select(j => j!["attributes"]!["type"]!.GetValue<string>()));
        Assert.Equal("success", output["exported"]!["attributes"]!["status"]!.GetValue<string>());
        Assert.Equal("eq(status,live)", output["exported"]!["meta"]!["filter"]!.GetValue<string>());
        Assert.NotEmpty(output["exported"]!["meta"]!["file_locations"]!.AsArray());
        Assert.Equal("success", output["duplicated"]!["attributes"]!["status"]!.GetValue<string>());
        var copy = output["duplicated"]!["meta"]!["hierarchy_id"]!.GetValue<string>();
        Assert.Equal("Copied by the SDK", (await Api.GetAsync($"/pcm/hierarchies/{copy}"))["data"]!["attributes"]!["name"]!.GetValue<string>());
        Assert.Equal("success", output["built"]!["attributes"]!["status"]!.GetValue<string>());
        Assert.Equal(2, (await Api.GetAsync("/pcm/products?page[limit]=100&filter=" + Uri.EscapeDataString("like(sku,SDK-HOODIE-*)")))["data"]!.AsArray()
            .Count(p => p!["relationships"]?["base_product"]?["data"]?["id"]?.GetValue<string>() == productId));
        var ours = created.Select(j => j!["id"]!.GetValue<string>()).Append(failed.ToString()).ToHashSet();
        Assert.Subset(output["listed"]!.AsArray().Select(id => id!.GetValue<string>()).ToHashSet(), ours);
        Assert.StartsWith("row 2: data.attributes.slug", Assert.Single(output["errors"]!.AsArray())!["attributes"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>A CSV as rows of column to cell, read with the library the catalog itself uses.</summary>
    static List<Dictionary<string, string>> ReadCsv(string text)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(text);
        var columns = reader.Header.ColNames;
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var cells = new Dictionary<string, string>();
            foreach (var column in columns)
                cells[column] = row[column].ToString();
            rows.Add(cells);
        }

        return rows;
    }

    async Task<string> VariationAsync(string name, params string[] options)
    {
        var id = (await Api.CreateAsync("/pcm/variations", "product-variation", new { name }))["id"]!.GetValue<string>();
        foreach (var option in options)
            await Api.CreateAsync($"/pcm/variations/{id}/options", "product-variation-option", new { name = option, description = option });
        return id;
    }

    static StringContent Json(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
