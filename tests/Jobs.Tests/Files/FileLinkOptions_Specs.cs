using Jobs.Tests.Support;
using Microsoft.Extensions.Options;

namespace Jobs.Tests.Files;

/// <summary>
/// <c>Jobs:Files:LinkSigningKey</c> and <c>LinkLifetime</c> are checked at start: an API that could not sign a link
/// stops at once, with a message naming the setting and how to make a key.
/// </summary>
public sealed class FileLinkOptions_Specs
{
    public static TheoryData<string, string?, string> Refused => new()
    {
        { "no key", null, "Jobs:Files:LinkSigningKey is required: the key that signs the download links of jobs' files (base64, at least 256 bits; for example: openssl rand -base64 32)." },
        { "a blank key", " ", "Jobs:Files:LinkSigningKey is required" },
        { "a key that is not base64", "not base64!", "Jobs:Files:LinkSigningKey is not base64." },
        { "a short key", Convert.ToBase64String(new byte[31]), "Jobs:Files:LinkSigningKey has 248 bits; a link signing key needs at least 256 (for example: openssl rand -base64 32)." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task The_api_does_not_start_without_a_usable_link_key(string what, string? key, string problem)
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { ["Jobs:Files:LinkSigningKey"] = key });

        var refused = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.True(refused.Message.Contains(problem, StringComparison.Ordinal), $"{what}: expected \"{problem}\", got: {refused.Message}");
    }

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("1.00:00:01")]
    public async Task A_link_lifetime_out_of_range_stops_the_api(string lifetime)
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { ["Jobs:Files:LinkLifetime"] = lifetime });

        var refused = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("LinkLifetime", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_lifetime_sets_the_links_expiry()
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { ["Jobs:Files:LinkLifetime"] = "00:05:00" });
        var api = new Api.ApiDriver(factory);
        var id = await api.SubmitAsync(Contracts.JobTypes.ProductExport, "files:part_1.csv");
        await api.WaitForStatusAsync(id, Contracts.JobStatuses.Success);

        var link = (await api.GetAsync($"/pcm/jobs/{id}")).Json["data"]!["meta"]!["file_locations"]![0]!.GetValue<string>();

        Assert.Contains($"?expires={(api.Clock.GetUtcNow() + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds()}&", link, StringComparison.Ordinal);
    }
}
