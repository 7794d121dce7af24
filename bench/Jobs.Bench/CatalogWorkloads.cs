using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Jobs.Contracts;
using Npgsql;

namespace Jobs.Bench;

/// <summary>
/// The catalog's two bulk jobs, through the API as a user runs them, on a worker with the catalog's handlers (the
/// <c>catalog-worker</c> role), each in a fresh worker process so that its peak resident set is its own: a product import
/// of <see cref="BenchOptions.ImportRows"/> rows, and an export of <see cref="BenchOptions.ExportProducts"/> products.
/// Rows per second are from the job's <c>started_at</c> to its <c>completed_at</c>, as the API reports them.
/// </summary>
sealed class CatalogWorkloads(BenchServices services, BenchOptions options, TextWriter log)
{
    public async Task<CatalogResult> RunAsync()
    {
        var environment = await services.NewEnvironmentAsync();
        var files = Directory.CreateTempSubdirectory("jobs-bench-files-");
        try
        {
            environment["Jobs:Files:Root"] = files.FullName;
            await using var api = await JobsWorkloads.StartApiAsync(environment);
            using var http = await JobsWorkloads.ClientAsync(api.Address);

            log.WriteLine($"Jobs: product import, {options.ImportRows} rows");
            var csv = Path.Combine(files.FullName, "bench-import.csv");
            await WriteCsvAsync(csv, options.ImportRows);
            double importRate, importPeak;
            await using (var worker = await StartWorkerAsync(environment))
            {
                await using var file = File.OpenRead(csv);
                using var form = new MultipartFormDataContent { { new StreamContent(file), "file", "products.csv" } };
                var job = await CreatedJobAsync(await http.PostAsync("/pcm/products/import", form));
                importRate = options.ImportRows / await RunTimeAsync(http, job);
                importPeak = worker.PeakResidentMegabytes();
                await worker.StopAsync();
            }

            log.WriteLine($"Jobs: product export, {options.ExportProducts} products");
            await AddProductsAsync(environment["ConnectionStrings:Jobs"]!, options.ExportProducts - options.ImportRows);
            await using (var worker = await StartWorkerAsync(environment))
            {
                var job = await CreatedJobAsync(await http.PostAsync("/pcm/products/export", null));
                var exportRate = options.ExportProducts / await RunTimeAsync(http, job);
                var exportPeak = worker.PeakResidentMegabytes();
                await worker.StopAsync();
                return new CatalogResult(importRate, importPeak, exportRate, exportPeak);
            }
        }
        finally
        {
            files.Delete(recursive: true);
        }
    }

    static Task<ChildProcess> StartWorkerAsync(Dictionary<string, string?> environment) =>
        ChildProcess.StartAsync(BuildOutput.Bench, ["catalog-worker"], environment);

    /// <summary>A CSV of new products in Elastic Path's columns, each row distinct.</summary>
    static async Task WriteCsvAsync(string path, int rows)
    {
        await using var writer = new StreamWriter(path, append: false, Encoding.UTF8);
        await writer.WriteLineAsync("external_ref,name,description,slug,sku,status,commodity_type,upc_ean,mpn,tags");
        for (var row = 1; row <= rows; row++)
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"bench-{row},Bench product {row},\"A product, number {row}, made for the benchmark\",bench-product-{row},BENCH-{row},live,physical,{row:D12},MPN-{row},\"bench,catalog\""));
        }
    }

    /// <summary>Products straight into the catalog's table, beside the imported ones: the export's input, not what is measured.</summary>
    static async Task AddProductsAsync(string connectionString, int count)
    {
        if (count <= 0)
            return;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO catalog_products (id, store_id, external_ref, name, description, slug, sku, status, commodity_type, tags, created_at, updated_at) "
            + "SELECT gen_random_uuid(), @store, 'seed-' || g, 'Seeded product ' || g, 'Seeded for the export', 'seeded-' || g, 'SEED-' || g, 'live', 'physical', "
            + "'[\"seeded\"]', now(), now() FROM generate_series(1, @count) g", connection);
        insert.Parameters.AddWithValue("store", JobStores.Default);
        insert.Parameters.AddWithValue("count", count);
        insert.CommandTimeout = 600;
        await insert.ExecuteNonQueryAsync();
    }

    static async Task<Guid> CreatedJobAsync(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"The API refused the job: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var document = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            return Guid.Parse(document["data"]!["id"]!.GetValue<string>());
        }
    }

    /// <summary>Waits for the job to succeed and answers its run time in seconds, from the timestamps the API shows.</summary>
    static async Task<double> RunTimeAsync(HttpClient http, Guid jobId)
    {
        JsonNode? attributes = null;
        await JobsWorkloads.WaitUntilAsync(async () =>
        {
            attributes = (await http.GetFromJsonAsync<JsonObject>($"/pcm/jobs/{jobId}"))!["data"]!["attributes"];
            var status = attributes!["status"]!.GetValue<string>();
            return status == JobStatuses.Failed ? throw new InvalidOperationException($"Job {jobId} failed.") : status == JobStatuses.Success;
        }, TimeSpan.FromMinutes(20), $"job {jobId} to succeed");
        var started = attributes!["started_at"]!.GetValue<DateTimeOffset>();
        var completed = attributes["completed_at"]!.GetValue<DateTimeOffset>();
        return (completed - started).TotalSeconds;
    }
}

/// <summary>The catalog workloads' figures.</summary>
sealed record CatalogResult(double ImportRowsPerSecond, double ImportPeakMegabytes, double ExportRowsPerSecond, double ExportPeakMegabytes);
