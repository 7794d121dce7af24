using System.Net;
using System.Text;
using Jobs.Catalog.Files;
using Jobs.Catalog.Model;
using Jobs.Catalog.Persistence;
using Jobs.Catalog.Products;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Tests.Api;
using Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Catalog;

/// <summary>
/// One API with the catalog's real handlers (SQLite, a file store folder of its own) shared by the specs of a class, and
/// what those specs need around it: CSV text, the products of a store as the database holds them, the files of a job.
/// Specs of one class share the catalog, so each works on products of its own (a fresh <see cref="Prefix"/>).
/// </summary>
public sealed class CsvCatalogFixture : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public JobsApiFactory Factory { get; private set; } = null!;

    public ApiDriver Api { get; private set; } = null!;

    public IFileStore Files => Factory.Services.GetRequiredService<IFileStore>();

    public async ValueTask InitializeAsync()
    {
        Factory = new JobsApiFactory(catalog: true);
        Api = new ApiDriver(Factory);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync("/pcm/jobs")).Status);
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>A prefix no other spec's products use.</summary>
    public static string Prefix() => "p" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>CSV text: the header and the rows, one line each, as given.</summary>
    public static string Csv(string header, IEnumerable<string> rows) => string.Join("\n", [header, .. rows]) + "\n";

    public static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Posts <paramref name="csv"/> to <c>POST /pcm/products/import</c> as <paramref name="api"/>'s store.</summary>
    public Task<ApiResponse> PostImportAsync(string csv, ApiDriver? api = null) =>
        (api ?? Api).PostFileAsync("/pcm/products/import", Stream(csv), "products.csv");

    /// <summary>Imports <paramref name="csv"/> and waits for the job to end in <paramref name="status"/>.</summary>
    public async Task<Guid> ImportAsync(string csv, string status = JobStatuses.Success, ApiDriver? api = null)
    {
        var response = await PostImportAsync(csv, api);
        Assert.True(response.Status == HttpStatusCode.Created, $"import: {(int)response.Status} {response.Body}");
        var id = Guid.Parse(response.Json["data"]!["id"]!.GetValue<string>());
        await (api ?? Api).WaitForStatusAsync(id, status);
        return id;
    }

    /// <summary>The messages of the job's <c>pim-job-error</c>s, in the API's order.</summary>
    public async Task<List<string>> ErrorsAsync(Guid jobId)
    {
        var response = await Api.GetAsync($"/pcm/jobs/{jobId}/errors?page[limit]=100");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return [.. response.Json["data"]!.AsArray().Select(e => e!["attributes"]!["message"]!.GetValue<string>())];
    }

    /// <summary>The store's products whose sku or external_ref starts with <paramref name="prefix"/>, as stored.</summary>
    public async Task<List<Product>> ProductsAsync(string prefix, string store = JobStores.Default)
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync(Ct);
        return await db.Products.AsNoTracking()
            .Where(p => p.StoreId == store && ((p.Sku != null && p.Sku.StartsWith(prefix)) || (p.ExternalRef != null && p.ExternalRef.StartsWith(prefix))))
            .OrderBy(p => p.Sku).ToListAsync(Ct);
    }

    /// <summary>Adds products straight to the catalog, a thousand per save.</summary>
    public async Task SeedAsync(IEnumerable<Product> products)
    {
        var contexts = Factory.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        foreach (var chunk in products.Chunk(1000))
        {
            await using var db = await contexts.CreateDbContextAsync(Ct);
            db.Products.AddRange(chunk);
            await db.SaveChangesAsync(Ct);
        }
    }

    /// <summary>The keys of every file the store holds.</summary>
    public async Task<HashSet<string>> StoredFilesAsync(string store = JobStores.Default)
    {
        var keys = new HashSet<string>();
        await foreach (var key in Files.ListAsync(JobFiles.StoreFolder(store), Ct))
            keys.Add(key);
        return keys;
    }

    /// <summary>The rows of a CSV file in the store, each as column → cell, with the header's column order.</summary>
    public async Task<(List<string> Header, List<Dictionary<string, string>> Rows)> ReadCsvAsync(string key)
    {
        await using var stream = await Files.OpenReadAsync(key, Ct) ?? throw new InvalidOperationException($"no file at {key}");
        using var reader = ProductCsv.Reader(stream);
        var header = reader.Header.ColNames.ToList();
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var cells = new Dictionary<string, string>();
            for (var i = 0; i < header.Count; i++)
                cells[header[i]] = row[i].ToString();
            rows.Add(cells);
        }

        return (header, rows);
    }

    /// <summary>The catalog's handler of <paramref name="jobType"/>, to run a job by hand.</summary>
    public IJobHandler Handler(string jobType) => Factory.Services.GetServices<IJobHandler>().Single(h => h.JobType == jobType);

    /// <summary>Stores <paramref name="csv"/> as a job's upload, as the import endpoint does, and answers its key.</summary>
    public async Task<string> StoreUploadAsync(string store, Guid jobId, string csv)
    {
        var key = JobFiles.Key(store, jobId, "products.csv");
        await Files.SaveAsync(key, (target, ct) => Stream(csv).CopyToAsync(target, ct), Ct);
        return key;
    }
}
