using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Jobs.Catalog.Files;
using Jobs.Catalog.Model;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Catalog;

/// <summary><c>POST /pcm/pricebooks/import</c> and the <c>price-import</c> job it creates.</summary>
public sealed class PriceImport_Specs(CatalogJobsFixture fixture) : IClassFixture<CatalogJobsFixture>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string Pricebook(string externalRef, string name) =>
        new JsonObject { ["data"] = new JsonObject { ["type"] = "pricebook", ["attributes"] = new JsonObject { ["external_ref"] = externalRef, ["name"] = name, ["description"] = "imported" } } }.ToJsonString();

    static string Price(string pricebookRef, string sku, string amount) =>
        new JsonObject { ["data"] = new JsonObject { ["type"] = "product-price", ["pricebook_external_ref"] = pricebookRef, ["attributes"] = new JsonObject
        {
            ["sku"] = sku,
            ["currencies"] = new JsonObject { ["USD"] = new JsonObject { ["amount"] = JsonNode.Parse(amount), ["includes_tax"] = false } },
        } } }.ToJsonString();

    /// <summary>The objects as Elastic Path's own example writes them: each pretty-printed over several lines.</summary>
    static byte[] Jsonl(params string[] objects) =>
        Encoding.UTF8.GetBytes(string.Join("\n", objects.Select(o => JsonNode.Parse(o)!.ToJsonString(new() { WriteIndented = true }))) + "\n");

    static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(content);
        return output.ToArray();
    }

    Task<ApiResponse> UploadAsync(byte[] file, string? compression = null) =>
        fixture.Api.PostFileAsync("/pcm/pricebooks/import", new MemoryStream(file), "prices.jsonl",
            compression is null ? null : [(JobParameters.FileCompression, compression)]);

    async Task<Guid> ImportAsync(byte[] file, string status, string? compression = null)
    {
        var job = CatalogJobsFixture.CreatedJob(await UploadAsync(file, compression));
        await fixture.Api.WaitForStatusAsync(job, status);
        return job;
    }

    Task<List<ProductPrice>> PricesAsync(string pricebookRef) => fixture.ReadAsync(db =>
        db.ProductPrices.Where(p => db.Pricebooks.Any(b => b.Id == p.PricebookId && b.ExternalRef == pricebookRef)).OrderBy(p => p.Sku).ToListAsync(Ct));

    static string NewRef() => $"pb-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_gzip_file_creates_a_price_book_and_its_prices()
    {
        var book = NewRef();

        await ImportAsync(Gzip(Jsonl(Pricebook(book, "Spring"), Price(book, "SKU-1", "100"), Price(book, "SKU-2", "250"))), JobStatuses.Success, "gzip");

        var pricebook = await fixture.ReadAsync(db => db.Pricebooks.SingleAsync(b => b.ExternalRef == book, Ct));
        Assert.Equal(("Spring", "imported", JobStores.Default), (pricebook.Name, pricebook.Description, pricebook.StoreId));
        var prices = await PricesAsync(book);
        Assert.Equal(["SKU-1", "SKU-2"], prices.Select(p => p.Sku));
        Assert.Equal(250, JsonNode.Parse(prices[1].Currencies)!["USD"]!["amount"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_later_object_updates_what_an_earlier_one_or_an_earlier_import_wrote()
    {
        var book = NewRef();
        await ImportAsync(Jsonl(Pricebook(book, "Spring"), Price(book, "SKU-1", "100")), JobStatuses.Success);

        await ImportAsync(Jsonl(Pricebook(book, "Summer"), Price(book, "SKU-1", "120"), Price(book, "SKU-1", "130")), JobStatuses.Success, "none");

        Assert.Equal("Summer", (await fixture.ReadAsync(db => db.Pricebooks.SingleAsync(b => b.ExternalRef == book, Ct))).Name);
        var price = Assert.Single(await PricesAsync(book));
        Assert.Equal(130, JsonNode.Parse(price.Currencies)!["USD"]!["amount"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_first_bad_object_fails_the_job_naming_it_and_what_came_before_it_stays()
    {
        var book = NewRef();

        var job = await ImportAsync(Jsonl(Pricebook(book, "Spring"), Price(book, "SKU-1", "100"), Price(book, "SKU-2", "200"),
            Price(book, "SKU-3", "\"ten\""), Price(book, "SKU-4", "400"), Price(book, "SKU-5", "-1")), JobStatuses.Failed);

        var error = Assert.Single(await fixture.ErrorsAsync(job));
        Assert.StartsWith("object 4: data.attributes.currencies.USD.amount: ", error);
        Assert.Equal(["SKU-1", "SKU-2"], (await PricesAsync(book)).Select(p => p.Sku));
    }

    [Fact]
    public async Task A_bad_object_in_a_later_batch_leaves_the_earlier_batches_and_its_own_earlier_objects_written()
    {
        var book = NewRef();
        var objects = new List<string> { Pricebook(book, "Big") };
        objects.AddRange(Enumerable.Range(1, 1_200).Select(i => Price(book, $"SKU-{i:D4}", "100")));
        objects.Add(Price(book, "SKU-BAD", "1.5"));
        objects.Add(Price(book, "SKU-AFTER", "100"));

        var job = await ImportAsync(Jsonl([.. objects]), JobStatuses.Failed);

        Assert.StartsWith("object 1202: data.attributes.currencies.USD.amount: ", Assert.Single(await fixture.ErrorsAsync(job)));
        var skus = (await PricesAsync(book)).Select(p => p.Sku).ToList();
        Assert.Equal(1_200, skus.Count);
        Assert.DoesNotContain("SKU-AFTER", skus);
    }

    [Fact]
    public async Task A_file_of_more_objects_than_an_import_takes_fails_before_anything_is_written()
    {
        var book = NewRef();
        var file = new StringBuilder(Pricebook(book, "Too many")).Append('\n');
        for (var i = 0; i < Jobs.Catalog.CatalogLimits.MaxPriceImportObjects; i++)
            file.Append("{}\n");

        var job = await ImportAsync(Encoding.UTF8.GetBytes(file.ToString()), JobStatuses.Failed);

        Assert.Contains($"more than the {Jobs.Catalog.CatalogLimits.MaxPriceImportObjects} objects", Assert.Single(await fixture.ErrorsAsync(job)));
        Assert.Equal(0, await fixture.ReadAsync(db => db.Pricebooks.CountAsync(b => b.ExternalRef == book, Ct)));
    }

    [Fact]
    public async Task A_price_naming_a_price_book_nobody_has_fails_the_job_at_that_object()
    {
        var book = NewRef();

        var job = await ImportAsync(Jsonl(Pricebook(book, "Spring"), Price("pb-nobody-has", "SKU-1", "100")), JobStatuses.Failed);

        Assert.Equal(["object 2: data.pricebook_external_ref: no price book has the external_ref 'pb-nobody-has'"], await fixture.ErrorsAsync(job));
        Assert.Empty(await PricesAsync(book));
        Assert.Equal(1, await fixture.ReadAsync(db => db.Pricebooks.CountAsync(b => b.ExternalRef == book, Ct)));
    }

    [Fact]
    public async Task A_file_that_stops_being_json_fails_at_that_object()
    {
        var book = NewRef();
        var file = Encoding.UTF8.GetBytes(Pricebook(book, "Spring") + "\n" + Price(book, "SKU-1", "100") + "\n{\"data\": oops}\n");

        var job = await ImportAsync(file, JobStatuses.Failed);

        Assert.Equal("object 3: invalid JSON near line 3", Assert.Single(await fixture.ErrorsAsync(job)));
        Assert.Single(await PricesAsync(book));
    }

    [Theory]
    [InlineData("zip")]
    [InlineData("GZIP")]
    public async Task An_unknown_file_compression_is_a_422_and_no_job(string compression)
    {
        var before = await fixture.Api.RowCountAsync();

        var response = await UploadAsync(Jsonl(Pricebook(NewRef(), "Spring")), compression);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Contains("file_compression", response.Json["errors"]![0]!["detail"]!.GetValue<string>());
        Assert.Equal(before, await fixture.Api.RowCountAsync());
    }

    [Fact]
    public async Task An_empty_file_or_a_gzip_that_is_not_gzip_is_a_422_and_no_job_and_no_file_kept()
    {
        var before = await fixture.Api.RowCountAsync();
        var filesBefore = StoredFiles();

        var empty = await UploadAsync([]);
        var notGzip = await UploadAsync(Jsonl(Pricebook(NewRef(), "Spring")), "gzip");

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity], [empty.Status, notGzip.Status]);
        Assert.Contains("gzip", notGzip.Json["errors"]![0]!["detail"]!.GetValue<string>());
        Assert.Equal(before, await fixture.Api.RowCountAsync());
        Assert.Equal(filesBefore, StoredFiles());
    }

    List<string> StoredFiles() => Directory.Exists(fixture.Factory.FilesRoot)
        ? [.. Directory.EnumerateFiles(fixture.Factory.FilesRoot, "*", SearchOption.AllDirectories).Order()]
        : [];

    [Fact]
    public async Task Running_the_same_job_again_gives_the_same_rows()
    {
        var book = NewRef();
        var jobId = Guid.NewGuid();
        var key = JobFiles.Key(JobStores.Default, jobId, "prices.jsonl");
        var file = Jsonl(
            """{"data":{"type":"pricebook","attributes":{"name":"No reference"}}}""",
            Pricebook(book, "Spring"),
            Price(book, "SKU-1", "100"),
            Price(book, "SKU-2", "5").Replace("\"sku\":\"SKU-2\"", $"\"sku\":\"SKU-2\",\"external_ref\":\"{book}-price-2\"", StringComparison.Ordinal));
        await fixture.Factory.Services.GetRequiredService<IFileStore>().SaveAsync(key, (s, ct) => s.WriteAsync(file, ct).AsTask(), Ct);
        var handler = fixture.Factory.Services.GetServices<IJobHandler>().Single(h => h.JobType == JobTypes.PriceImport);
        var job = new JobExecution
        {
            JobId = jobId, JobType = JobTypes.PriceImport, StoreId = JobStores.Default, Attempt = 1,
            Parameters = new Dictionary<string, string> { [JobParameters.FileLocation] = key },
        };

        Assert.True((await handler.RunAsync(job, Ct)).Succeeded);
        var first = await SnapshotAsync(book);
        Assert.True((await handler.RunAsync(job with { Attempt = 2 }, Ct)).Succeeded);

        var second = await SnapshotAsync(book);
        Assert.Equal(first.Books, second.Books);
        Assert.Equal(first.Prices, second.Prices);
        Assert.Equal(2, first.Books.Count);
        Assert.Equal(2, first.Prices.Count);
    }

    /// <summary>The price books and prices in the default store named "No reference" or under <paramref name="book"/>, by id.</summary>
    async Task<(List<string> Books, List<string> Prices)> SnapshotAsync(string book) => await fixture.ReadAsync(async db =>
    {
        var books = await db.Pricebooks.Where(b => b.StoreId == JobStores.Default && (b.ExternalRef == book || (b.Name == "No reference" && b.ExternalRef == null)))
            .Select(b => $"{b.Id} {b.Name} {b.ExternalRef}").ToListAsync(Ct);
        var prices = await db.ProductPrices.Where(p => db.Pricebooks.Any(b => b.Id == p.PricebookId && b.ExternalRef == book))
            .Select(p => $"{p.Id} {p.Sku} {p.ExternalRef} {p.Currencies}").ToListAsync(Ct);
        return (books.Order().ToList(), prices.Order().ToList());
    });
}
