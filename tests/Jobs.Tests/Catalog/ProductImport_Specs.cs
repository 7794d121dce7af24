using System.Net;
using Jobs.Catalog;
using Jobs.Catalog.Model;
using Jobs.Catalog.Products;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Tests.Api;
using Jobs.Tests.Support;

namespace Jobs.Tests.Catalog;

/// <summary><c>POST /pcm/products/import</c> and the <c>product-import</c> job on the catalog's real handler.</summary>
public sealed class ProductImport_Specs(CsvCatalogFixture fixture) : IClassFixture<CsvCatalogFixture>
{
    const string Header = "external_ref,name,description,slug,status,commodity_type,sku";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    ApiDriver Api => fixture.Api;

    [Fact]
    public async Task Import_creates_products_from_every_column_and_ignores_template_and_informational_ones()
    {
        var p = CsvCatalogFixture.Prefix();
        var csv = CsvCatalogFixture.Csv(
            "name,sku,slug,commodity_type,description,status,mpn,upc_ean,main_image_id,tags,external_ref,template:802729a1-9c22-45b8-bed0-2afb61741f82:condition,_created_at",
            [
                $"Tablet A8,{p}-1,{p}-tab-a8,physical,\"A \"\"big\"\" screen, and more\",Live,MPN-1,0123456789,img-1,\"blue, large ,sale\",{p}-ref-1,as-new,2020-01-01T00:00:00.000Z",
                $"E-book,{p}-2,{p}-ebook,DIGITAL,,Draft,,,,,{p}-ref-2,,",
            ]);

        var job = await fixture.ImportAsync(csv);

        Assert.Empty(await fixture.ErrorsAsync(job));
        var products = await fixture.ProductsAsync(p);
        Assert.Equal(2, products.Count);
        var (tablet, ebook) = (products[0], products[1]);
        Assert.Equal(("Tablet A8", "A \"big\" screen, and more", $"{p}-tab-a8", "live", "physical"), (tablet.Name, tablet.Description, tablet.Slug, tablet.Status, tablet.CommodityType));
        Assert.Equal(("MPN-1", "0123456789", "img-1", $"{p}-ref-1"), (tablet.Mpn, tablet.UpcEan, tablet.MainImageId, tablet.ExternalRef));
        Assert.Equal(["blue", "large", "sale"], tablet.Tags);
        Assert.Equal(fixture.Api.Clock.GetUtcNow().UtcDateTime, tablet.CreatedAt);
        Assert.Equal(("E-book", null, "draft", "digital", null, null), (ebook.Name, ebook.Description, ebook.Status, ebook.CommodityType, ebook.Mpn, ebook.MainImageId));
        Assert.Empty(ebook.Tags);
    }

    [Fact]
    public async Task Import_updates_products_matched_by_id_or_external_ref_and_creates_for_an_external_ref_that_matches_nothing()
    {
        var p = CsvCatalogFixture.Prefix();
        var created = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var byId = Seeded(p, "by-id", created);
        var byRef = Seeded(p, "by-ref", created);
        byRef.ExternalRef = $"{p}-ref";
        await fixture.SeedAsync([byId, byRef]);

        await fixture.ImportAsync(CsvCatalogFixture.Csv("id," + Header,
        [
            $"{byId.Id},{p}-new-ref-of-by-id,Renamed by id,,{p}-renamed,live,digital,{p}-by-id-2",
            $",{p}-ref,Renamed by ref,d,{p}-by-ref,draft,physical,{p}-by-ref",
            $",{p}-fresh,Fresh,d,{p}-fresh,draft,physical,{p}-fresh",
        ]));

        var products = await fixture.ProductsAsync(p);
        Assert.Equal(3, products.Count);
        var updatedById = products.Single(x => x.Id == byId.Id);
        Assert.Equal(("Renamed by id", $"{p}-new-ref-of-by-id", $"{p}-renamed", "live", "digital", $"{p}-by-id-2"),
            (updatedById.Name, updatedById.ExternalRef, updatedById.Slug, updatedById.Status, updatedById.CommodityType, updatedById.Sku));
        Assert.Equal(created, updatedById.CreatedAt);
        Assert.Equal(fixture.Api.Clock.GetUtcNow().UtcDateTime, updatedById.UpdatedAt);
        Assert.Equal("Renamed by ref", products.Single(x => x.Id == byRef.Id).Name);
        Assert.Equal("Fresh", products.Single(x => x.ExternalRef == $"{p}-fresh").Name);
    }

    [Fact]
    public async Task Columns_the_file_lacks_leave_their_fields_as_they_are()
    {
        var p = CsvCatalogFixture.Prefix();
        var product = Seeded(p, "kept", DateTime.UtcNow);
        product.ExternalRef = $"{p}-kept";
        product.Mpn = "MPN-KEPT";
        product.Tags = ["one", "two"];
        await fixture.SeedAsync([product]);

        await fixture.ImportAsync(CsvCatalogFixture.Csv("external_ref,name,description,slug,status,commodity_type", [$"{p}-kept,New name,,{p}-kept,live,physical"]));

        var kept = Assert.Single(await fixture.ProductsAsync(p));
        Assert.Equal(("New name", "MPN-KEPT", $"{p}-kept"), (kept.Name, kept.Mpn, kept.Sku));
        Assert.Equal(["one", "two"], kept.Tags);
    }

    [Fact]
    public async Task Bad_rows_fail_the_job_with_their_row_and_field_while_good_rows_are_written()
    {
        var p = CsvCatalogFixture.Prefix();
        var holder = Seeded(p, "taken", DateTime.UtcNow);
        await fixture.SeedAsync([holder]);
        var csv = CsvCatalogFixture.Csv("id," + Header,
        [
            $",{p}-r2,Good,d,{p}-good,live,physical,{p}-good",
            $",{p}-r3,Same sku as row 2,d,{p}-r3,live,physical,{p}-good",
            $",{p}-r4,Sku of a stored product,d,{p}-r4,live,physical,{p}-taken",
            $",{p}-r5,Bad status,d,{p}-r5,published,physical,{p}-r5",
            $"{Guid.NewGuid()},{p}-r6,Unknown id,d,{p}-r6,live,physical,{p}-r6",
            $"not-a-uuid,{p}-r7,Bad id,d,{p}-r7,live,physical,{p}-r7",
            $",{p}-r8,,d,{p}-r8,live,physical,{p}-r8",
            $",{p}-r9,Bad slug,d,has space,live,boat,{p}-r9",
            $",{p}-r2,Same external_ref as row 2,d,{p}-r10,live,physical,{p}-r10",
            $",{p}-r11,Also good,d,{p}-also-good,Draft,Digital,{p}-also-good",
        ]);

        var job = await fixture.ImportAsync(csv, JobStatuses.Failed);

        Assert.Equal(
        [
            "row 3: data.attributes.sku: Must be unique amongst products.",
            "row 4: data.attributes.sku: Must be unique amongst products.",
            "row 5: data.attributes.status: Must be draft or live.",
            "row 6: data.id: No product with this id exists.",
            "row 7: data.id: Must be a valid UUID.",
            "row 8: data.attributes.name: Is required.",
            "row 9: data.attributes.slug: Must contain only letters, numbers, periods, hyphens and underscores.; data.attributes.commodity_type: Must be physical or digital.",
            "row 10: data.attributes.external_ref: Must be unique amongst products.",
        ], await fixture.ErrorsAsync(job));
        var products = await fixture.ProductsAsync(p);
        Assert.Equal([$"{p}-also-good", $"{p}-good", $"{p}-taken"], products.Select(x => x.Sku));
        Assert.Equal("Good", products.Single(x => x.Sku == $"{p}-good").Name);
        Assert.Equal(holder.Name, products.Single(x => x.Sku == $"{p}-taken").Name);
    }

    [Fact]
    public async Task More_than_a_hundred_bad_rows_report_the_first_99_and_how_many_more()
    {
        var p = CsvCatalogFixture.Prefix();
        var rows = Enumerable.Range(0, 150).Select(i => $"{p}-{i},Name {i},d,{p}-{i},unknown,physical,{p}-{i}");

        var job = await fixture.ImportAsync(CsvCatalogFixture.Csv(Header, rows), JobStatuses.Failed);

        var errors = await fixture.ErrorsAsync(job);
        Assert.Equal(JobLimits.MaxReportedErrors, errors.Count);
        Assert.Equal("row 2: data.attributes.status: Must be draft or live.", errors[0]);
        Assert.Equal("row 100: data.attributes.status: Must be draft or live.", errors[98]);
        Assert.Equal("51 more rows failed; the first 99 are listed", errors[99]);
        Assert.Empty(await fixture.ProductsAsync(p));
    }

    [Fact]
    public async Task Another_stores_product_id_is_not_found_and_that_product_is_untouched()
    {
        var p = CsvCatalogFixture.Prefix();
        var theirs = Seeded(p, "theirs", DateTime.UtcNow, TestAuth.StoreA);
        await fixture.SeedAsync([theirs]);

        var job = await fixture.ImportAsync(CsvCatalogFixture.Csv("id," + Header, [$"{theirs.Id},,Hijacked,d,{p}-hijacked,live,physical,{p}-hijacked"]), JobStatuses.Failed);

        Assert.Equal(["row 2: data.id: No product with this id exists."], await fixture.ErrorsAsync(job));
        Assert.Equal(theirs.Name, Assert.Single(await fixture.ProductsAsync(p, TestAuth.StoreA)).Name);
        Assert.Empty(await fixture.ProductsAsync(p));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("description")]
    [InlineData("slug")]
    [InlineData("status")]
    [InlineData("commodity_type")]
    public async Task A_missing_required_header_is_a_422_naming_it_with_no_job_and_no_file(string column)
    {
        var header = string.Join(',', Header.Split(',').Where(c => c != column));
        var (jobs, files) = (await Api.RowCountAsync(), await fixture.StoredFilesAsync());

        var response = await fixture.PostImportAsync(CsvCatalogFixture.Csv(header, [string.Join(',', header.Split(',').Select(_ => "x"))]));

        response.Is(HttpStatusCode.UnprocessableEntity, $$"""{"errors":[{"status":"422","title":"Failed Validation","detail":"missing required csv header: {{column}}"}]}""");
        Assert.Equal(jobs, await Api.RowCountAsync());
        Assert.Equal(files, await fixture.StoredFilesAsync());
    }

    [Theory]
    [InlineData("", "missing required csv header: name")]
    [InlineData("name,name,description,slug,status,commodity_type\n", "the file is not CSV: its header row cannot be read")]
    public async Task A_file_without_a_usable_header_is_a_422(string csv, string detail)
    {
        var jobs = await Api.RowCountAsync();

        var response = await fixture.PostImportAsync(csv);

        response.Is(HttpStatusCode.UnprocessableEntity, Expect.FailedValidation(detail));
        Assert.Equal(jobs, await Api.RowCountAsync());
    }

    [Fact]
    public async Task A_file_with_more_than_50000_rows_is_a_422_naming_the_limit_with_no_job_and_no_file()
    {
        var (jobs, files) = (await Api.RowCountAsync(), await fixture.StoredFilesAsync());
        var rows = Enumerable.Range(0, CatalogLimits.MaxImportRows).Select(i => $"r{i},n,d,s{i},live,physical,k{i}");

        var response = await fixture.PostImportAsync(CsvCatalogFixture.Csv(Header, rows));

        response.Is(HttpStatusCode.UnprocessableEntity,
            Expect.FailedValidation("the csv file has more than 50000 rows, the header included; split it into files of at most 50000 rows"));
        Assert.Equal(jobs, await Api.RowCountAsync());
        Assert.Equal(files, await fixture.StoredFilesAsync());
    }

    [Theory]
    [InlineData("a,b,c,d,live,physical,e\nonly,three,cells\n", "the file is not CSV: row 3 does not have the header's 7 columns or is malformed")]
    [InlineData("a,b,c,d,live,physical,e,one too many\n", "the file is not CSV: row 2 does not have the header's 7 columns or is malformed")]
    [InlineData("a,\"b,c,d,live,physical,e\n", "the file is not CSV: row 2 does not have the header's 7 columns or is malformed")]
    public async Task A_file_that_is_not_csv_is_a_422_naming_the_row_with_no_job_and_no_file(string rows, string detail)
    {
        var (jobs, files) = (await Api.RowCountAsync(), await fixture.StoredFilesAsync());

        var response = await fixture.PostImportAsync(Header + "\n" + rows);

        response.Is(HttpStatusCode.UnprocessableEntity, Expect.FailedValidation(detail));
        Assert.Equal(jobs, await Api.RowCountAsync());
        Assert.Equal(files, await fixture.StoredFilesAsync());
    }

    [Fact]
    public async Task An_upload_larger_than_50_MB_is_a_413_with_no_job_and_no_file()
    {
        var (jobs, files) = (await Api.RowCountAsync(), await fixture.StoredFilesAsync());

        var response = await Api.PostFileAsync("/pcm/products/import", new MemoryStream(new byte[51 * 1024 * 1024]), "products.csv");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("413", response.Json["errors"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(jobs, await Api.RowCountAsync());
        Assert.Equal(files, await fixture.StoredFilesAsync());
    }

    [Fact]
    public async Task The_job_keeps_the_upload_in_its_own_folder_of_the_callers_store()
    {
        var p = CsvCatalogFixture.Prefix();

        var response = await fixture.PostImportAsync(CsvCatalogFixture.Csv(Header, [$"{p},n,d,{p},live,physical,{p}"]), Api.As(TestAuth.StoreA));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var id = Guid.Parse(response.Json["data"]!["id"]!.GetValue<string>());
        Assert.Equal(Jobs.Catalog.Files.JobFiles.Key(TestAuth.StoreA, id, "products.csv"), (await Api.RecordedParametersAsync(id))[JobParameters.FileLocation]);
        await Api.As(TestAuth.StoreA).WaitForStatusAsync(id, JobStatuses.Success);
        Assert.Single(await fixture.ProductsAsync(p, TestAuth.StoreA));
    }

    [Fact]
    public async Task A_run_started_again_after_a_crash_updates_what_the_first_run_wrote_instead_of_duplicating_it()
    {
        var p = CsvCatalogFixture.Prefix();
        const int rows = 2 * ProductImportHandler.BatchSize + 200;
        // Half the rows name an external_ref, half name nothing that identifies them: both must be found again.
        var csv = CsvCatalogFixture.Csv("external_ref,name,description,slug,status,commodity_type,sku",
            Enumerable.Range(0, rows).Select(i => $"{(i % 2 == 0 ? $"{p}-ref-{i}" : "")},Name {i},d,{p}-{i},live,physical,{p}-{i:D5}"));
        var jobId = Guid.NewGuid();
        var key = await fixture.StoreUploadAsync(JobStores.Default, jobId, csv);
        var handler = fixture.Handler(JobTypes.ProductImport);
        using var crash = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.RunAsync(Import(jobId, key, 1, new CancelOnReport(crash)), crash.Token));
        Assert.Equal(ProductImportHandler.BatchSize, (await fixture.ProductsAsync(p)).Count);
        var second = await handler.RunAsync(Import(jobId, key, 2, new Progress<JobProgress>()), Ct);

        Assert.True(second.Succeeded, string.Join("\n", second.Errors));
        var products = await fixture.ProductsAsync(p);
        Assert.Equal(Enumerable.Range(0, rows).Select(i => $"{p}-{i:D5}"), products.Select(x => x.Sku));
        Assert.Equal(Enumerable.Range(0, rows).Select(i => $"Name {i}"), products.Select(x => x.Name));
    }

    [Fact]
    public async Task A_job_given_another_stores_file_fails_and_writes_nothing()
    {
        var p = CsvCatalogFixture.Prefix();
        var jobId = Guid.NewGuid();
        var key = await fixture.StoreUploadAsync(TestAuth.StoreA, jobId, CsvCatalogFixture.Csv(Header, [$"{p},n,d,{p},live,physical,{p}"]));

        var result = await fixture.Handler(JobTypes.ProductImport).RunAsync(Import(jobId, key, 1, new Progress<JobProgress>()), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(["file_location is not a file uploaded to this store: import files through POST /pcm/products/import"], result.Errors);
        Assert.Empty(await fixture.ProductsAsync(p));
        Assert.Empty(await fixture.ProductsAsync(p, TestAuth.StoreA));
    }

    static JobExecution Import(Guid jobId, string key, int attempt, IProgress<JobProgress> progress) => new()
    {
        JobId = jobId,
        JobType = JobTypes.ProductImport,
        StoreId = JobStores.Default,
        Attempt = attempt,
        Progress = progress,
        Parameters = new Dictionary<string, string> { [JobParameters.FileLocation] = key },
    };

    static Product Seeded(string prefix, string name, DateTime createdAt, string store = JobStores.Default) => new()
    {
        Id = Guid.NewGuid(),
        StoreId = store,
        Name = $"Seeded {name}",
        Sku = $"{prefix}-{name}",
        Slug = $"{prefix}-{name}",
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    /// <summary>Progress that cancels the run at the first report: a crash right after the first batch was written.</summary>
    sealed class CancelOnReport(CancellationTokenSource crash) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => crash.Cancel();
    }
}
