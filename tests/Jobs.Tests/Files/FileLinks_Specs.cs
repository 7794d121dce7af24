using System.Net;
using System.Text.Json.Nodes;
using Jobs.Catalog.Files;
using Jobs.Contracts;
using Jobs.Tests.Api;
using Jobs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Files;

/// <summary>
/// A job's files are shown in <c>meta.file_locations</c> as absolute, expiring, signed links to the API itself, which a
/// browser or <c>curl</c> follows without a token; a link that is changed in any part, or has expired, is refused
/// without saying whether the file exists. Jobs report their files with the scripted <c>files:</c> behaviour.
/// </summary>
public sealed class FileLinks_Specs(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    ApiDriver Api => fixture.Api;

    IFileStore Files => fixture.Factory.Services.GetRequiredService<IFileStore>();

    sealed record Download(HttpStatusCode Status, string Body, string? MediaType, string? Disposition, string? FileName, string? CacheControl);

    /// <summary>Follows a link as a browser would: a plain GET, no token.</summary>
    async Task<Download> DownloadAsync(string link)
    {
        using var response = await Api.Http.GetAsync(link, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var disposition = response.Content.Headers.ContentDisposition;
        return new Download(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, disposition?.DispositionType,
            disposition?.FileName, response.Headers.CacheControl?.ToString());
    }

    /// <summary>An export job of <paramref name="api"/>'s store that reports <paramref name="locations"/>, once it has succeeded.</summary>
    static async Task<Guid> ExportAsync(ApiDriver api, params string[] locations)
    {
        var id = await api.SubmitAsync(JobTypes.ProductExport, "files:" + string.Join(',', locations));
        await api.WaitForStatusAsync(id, JobStatuses.Success);
        return id;
    }

    static async Task<List<string>> LocationsAsync(ApiDriver api, Guid jobId, string? host = null)
    {
        var job = await api.GetAsync($"{host}/pcm/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, job.Status);
        return [.. job.Json["data"]!["meta"]!["file_locations"]!.AsArray().Select(x => x!.GetValue<string>())];
    }

    static JsonObject Forbidden(string detail) => new()
    {
        ["errors"] = new JsonArray(new JsonObject { ["status"] = "403", ["title"] = "Forbidden", ["detail"] = detail }),
    };

    const string NotValid = "This link is not valid: use a file link exactly as a job document shows it.";

    static void IsRefused(Download download, string detail = NotValid)
    {
        Assert.Equal(HttpStatusCode.Forbidden, download.Status);
        Assert.Equal("application/json", download.MediaType);
        JsonAssert.Equal(Forbidden(detail), download.Body);
    }

    [Fact]
    public async Task A_link_from_the_job_downloads_its_file_without_a_token()
    {
        var id = await ExportAsync(Api, "part_1.csv", "part_2.csv");
        var expires = (Api.Clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds();

        var locations = await LocationsAsync(Api, id);

        var folder = $"http://localhost/files/{JobFiles.JobFolder(JobStores.Default, id)}";
        Assert.Collection(locations,
            first => Assert.StartsWith($"{folder}/part_1.csv?expires={expires}&signature=", first, StringComparison.Ordinal),
            second => Assert.StartsWith($"{folder}/part_2.csv?expires={expires}&signature=", second, StringComparison.Ordinal));
        var download = await DownloadAsync(locations[1]);
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal(ScriptedJobs.FileContent(id, "part_2.csv"), download.Body);
        Assert.Equal("text/csv", download.MediaType);
        Assert.Equal("attachment", download.Disposition);
        Assert.Equal("part_2.csv", download.FileName);
        Assert.Equal("no-store", download.CacheControl);
    }

    [Fact]
    public async Task Links_are_made_for_the_host_and_scheme_the_request_came_to_and_in_every_job_document()
    {
        var id = await ExportAsync(Api, "part_1.csv");

        var direct = Assert.Single(await LocationsAsync(Api, id, "https://jobs.example.com"));
        var listed = (await Api.GetAsync("/pcm/jobs?page[limit]=100")).Json["data"]!.AsArray()
            .Single(j => j!["id"]!.GetValue<string>() == id.ToString())!["meta"]!["file_locations"]![0]!.GetValue<string>();

        Assert.StartsWith($"https://jobs.example.com/files/{JobFiles.JobFolder(JobStores.Default, id)}/part_1.csv?", direct, StringComparison.Ordinal);
        Assert.StartsWith("http://localhost/files/", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(listed)).Status);
    }

    [Fact]
    public async Task A_link_works_for_its_lifetime_from_the_read_that_made_it_and_then_is_refused()
    {
        var id = await ExportAsync(Api, "part_1.csv");
        var link = Assert.Single(await LocationsAsync(Api, id));

        Api.Advance(Lifetime - TimeSpan.FromSeconds(1));
        var lastSecond = await DownloadAsync(link);
        Api.Advance(TimeSpan.FromSeconds(1));
        var expired = await DownloadAsync(link);
        var fresh = Assert.Single(await LocationsAsync(Api, id));

        Assert.Equal(HttpStatusCode.OK, lastSecond.Status);
        IsRefused(expired, "This link has expired: get the job again (GET /pcm/jobs/{id}) for a fresh one.");
        Assert.NotEqual(link, fresh);
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(fresh)).Status);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("expiry")]
    [InlineData("name")]
    [InlineData("job")]
    [InlineData("no signature")]
    [InlineData("no expiry")]
    public async Task A_link_changed_in_any_part_is_refused(string part)
    {
        var id = await ExportAsync(Api, "part_1.csv", "part_2.csv");
        var other = await ExportAsync(Api, "part_1.csv");
        var link = (await LocationsAsync(Api, id))[0];
        var uri = new Uri(link);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var signature = query["signature"]!;

        var changed = part switch
        {
            "signature" => link.Replace(signature, (signature[0] == 'A' ? "B" : "A") + signature[1..], StringComparison.Ordinal),
            "expiry" => link.Replace($"expires={query["expires"]}", $"expires={long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture) + 3600}", StringComparison.Ordinal),
            // Both files exist: the signature of one is no key to the other.
            "name" => link.Replace("/part_1.csv?", "/part_2.csv?", StringComparison.Ordinal),
            "job" => link.Replace($"{id:N}", $"{other:N}", StringComparison.Ordinal),
            "no signature" => link[..link.IndexOf("&signature=", StringComparison.Ordinal)],
            "no expiry" => link.Replace($"expires={query["expires"]}&", "", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };

        Assert.NotEqual(link, changed);
        IsRefused(await DownloadAsync(changed));
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(link)).Status);
    }

    [Fact]
    public async Task A_link_moved_to_another_stores_folder_is_refused_even_where_that_store_has_the_file()
    {
        var id = await ExportAsync(Api, "part_1.csv");
        var link = Assert.Single(await LocationsAsync(Api, id));
        await Files.SaveAsync(JobFiles.Key(TestAuth.StoreA, id, "part_1.csv"), (s, ct) => s.WriteAsync("store-a's\n"u8.ToArray(), ct).AsTask(),
            TestContext.Current.CancellationToken);

        var moved = link.Replace(JobFiles.StoreFolder(JobStores.Default) + "/", JobFiles.StoreFolder(TestAuth.StoreA) + "/", StringComparison.Ordinal);

        Assert.NotEqual(link, moved);
        IsRefused(await DownloadAsync(moved));
    }

    [Fact]
    public async Task A_made_up_link_is_refused_alike_whether_or_not_the_file_exists()
    {
        var id = await ExportAsync(Api, "part_1.csv");
        var existing = $"/files/{JobFiles.JobFolder(JobStores.Default, id)}/part_1.csv?expires=9999999999&signature=AAAA";
        var missing = $"/files/{JobFiles.JobFolder(JobStores.Default, Guid.NewGuid())}/part_1.csv?expires=9999999999&signature=AAAA";

        IsRefused(await DownloadAsync(existing));
        IsRefused(await DownloadAsync(missing));
        IsRefused(await DownloadAsync("/files/..%2F..%2Fetc/passwd/x?expires=9999999999&signature=AAAA"));
    }

    [Fact]
    public async Task A_location_that_is_already_an_absolute_uri_is_shown_unchanged()
    {
        const string Elsewhere = "https://files.example.com/exports/part_1.csv";
        var id = await ExportAsync(Api, Elsewhere, "part_2.csv");

        var locations = await LocationsAsync(Api, id);

        Assert.Equal(Elsewhere, locations[0]);
        Assert.StartsWith("http://localhost/files/", locations[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_a_jobs_files_are_removed_its_links_answer_not_found_and_other_jobs_files_stay()
    {
        var removed = await ExportAsync(Api, "part_1.csv", "part_2.csv");
        var kept = await ExportAsync(Api, "part_1.csv");
        var links = await LocationsAsync(Api, removed);
        var keptLink = Assert.Single(await LocationsAsync(Api, kept));

        await Files.RemoveJobFilesAsync(JobStores.Default, removed, TestContext.Current.CancellationToken);

        Assert.Equal(2, links.Count);
        foreach (var link in links)
        {
            var download = await DownloadAsync(link);
            Assert.Equal(HttpStatusCode.NotFound, download.Status);
            JsonAssert.Equal(Expect.NotFound("This file is no longer kept: its job's files have been removed."), download.Body);
        }

        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(keptLink)).Status);
        // Removing a job's files again, or those of a job that has none, is no error.
        await Files.RemoveJobFilesAsync(JobStores.Default, removed, TestContext.Current.CancellationToken);
        await Files.RemoveJobFilesAsync(TestAuth.StoreA, kept, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(keptLink)).Status);
    }
}
