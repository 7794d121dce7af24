using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Jobs.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Jobs.BrowserTests;

/// <summary>
/// How the API serves the dashboard, over plain HTTP: every file the page loads, without a token, under a policy that
/// lets the page load nothing from elsewhere; <c>/</c> and <c>/dashboard</c> lead to it.
/// </summary>
public sealed partial class DashboardFiles_Specs : IAsyncLifetime
{
    const string Policy = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    readonly JobsApiFactory _factory = new();
    HttpClient _http = null!;

    public ValueTask InitializeAsync()
    {
        _http = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_page_and_every_file_it_loads_are_served_without_a_token_and_only_load_from_the_api()
    {
        var page = await GetAsync("/dashboard/", "text/html");
        var files = Referenced().Matches(page).Select(m => m.Groups["file"].Value).ToList();
        Assert.Contains("app.js", files);
        Assert.Contains("dashboard.css", files);

        var modules = new Queue<string>(files.Where(f => f.EndsWith(".js", StringComparison.Ordinal)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (modules.TryDequeue(out var module))
        {
            if (!seen.Add(module))
                continue;
            var script = await GetAsync($"/dashboard/{module}", "text/javascript");
            // Every module the page loads, through every import: one missing from the assembly would break the page.
            foreach (Match import in Imported().Matches(script))
                modules.Enqueue(import.Groups["file"].Value);
        }

        Assert.True(seen.Count >= 8, $"the page loads its script as modules: {string.Join(", ", seen)}");
        await GetAsync("/dashboard/dashboard.css", "text/css");
        await GetAsync("/dashboard/icon.svg", "image/svg+xml");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard")]
    public async Task The_root_and_the_bare_path_lead_to_the_dashboard(string path)
    {
        using var response = await _http.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_file_the_dashboard_does_not_have_is_a_json_api_404()
    {
        using var response = await _http.GetAsync("/dashboard/missing.js", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_browser_revalidates_a_file_and_gets_a_304_while_it_is_unchanged()
    {
        using var first = await _http.GetAsync("/dashboard/app.js", Ct);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await _http.SendAsync(again, Ct);

        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    /// <summary>Gets a file without a token; expects a 200 of <paramref name="mediaType"/> under the dashboard's policy.</summary>
    async Task<string> GetAsync(string path, string mediaType)
    {
        using var response = await _http.GetAsync(path, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Policy, string.Join(';', response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(',', response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(',', response.Headers.GetValues("Referrer-Policy")));
        return await response.Content.ReadAsStringAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
    }

    /// <summary>A file the page names in its src or href (not a link elsewhere or an anchor).</summary>
    [GeneratedRegex(@"(?:src|href)=""(?<file>[a-z0-9-]+\.[a-z]+)""")]
    private static partial Regex Referenced();

    [GeneratedRegex("""from '\./(?<file>[a-z0-9-]+\.js)'""")]
    private static partial Regex Imported();
}
