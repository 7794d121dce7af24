using System.Net;
using System.Security.Cryptography;
using Jobs.Api.Auth;
using Jobs.Contracts;
using Jobs.Tests.Support;

namespace Jobs.Tests.Api;

/// <summary>
/// The API beside an identity provider of the platform's own (<see cref="TestIssuer"/>, a real HTTP server on
/// loopback): its tokens are let in for the store their claim names, with no Jobs client; the API's own tokens still
/// work; and neither issuer's keys make the other's tokens valid.
/// </summary>
public class ExternalIssuerFixture : IAsyncLifetime
{
    public const string Audience = "jobs-from-the-platform";

    public TestIssuer Issuer { get; private set; } = null!;

    public JobsApiFactory Factory { get; private set; } = null!;

    public ApiDriver Api { get; private set; } = null!;

    /// <summary>The claim the issuer names stores in, unless a subclass says otherwise.</summary>
    public virtual string? StoreClaim => null;

    public async ValueTask InitializeAsync()
    {
        Issuer = await TestIssuer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Jobs:Auth:External:Authority"] = Issuer.Authority,
            ["Jobs:Auth:External:Audience"] = Audience,
            // Plain HTTP, which only a loopback test issuer may use.
            ["Jobs:Auth:External:RequireHttpsMetadata"] = "false",
            ["Jobs:Runner:Enabled"] = "false",
        };
        if (StoreClaim is not null)
            settings["Jobs:Auth:External:StoreClaim"] = StoreClaim;
        Factory = new JobsApiFactory(settings);
        Api = new ApiDriver(Factory, store: null);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Issuer.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class ExternalIssuer_Specs(ExternalIssuerFixture fixture) : IClassFixture<ExternalIssuerFixture>
{
    TestIssuer Issuer => fixture.Issuer;

    ApiDriver Api => fixture.Api;

    DateTimeOffset Now => Api.Clock.GetUtcNow();

    static (string, string) Bearer(string token) => ("Authorization", $"Bearer {token}");

    [Fact]
    public async Task A_token_of_the_external_issuer_acts_on_the_store_its_claim_names()
    {
        var token = Bearer(Issuer.TokenFor(TestAuth.StoreA, Now, ExternalIssuerFixture.Audience));
        var id = Guid.NewGuid();

        var submitted = await Api.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport, id), headers: token);
        var listed = await Api.GetAsync("/pcm/jobs?page[limit]=100", token);

        Assert.Equal(HttpStatusCode.Created, submitted.Status);
        Assert.Contains(listed.Json["data"]!.AsArray(), j => j!["id"]!.GetValue<string>() == id.ToString());
        // The same store through the API's own client; another store does not see it.
        Assert.Equal(HttpStatusCode.OK, (await Api.As(TestAuth.StoreA).GetAsync($"/pcm/jobs/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.As(JobStores.Default).GetAsync($"/pcm/jobs/{id}")).Status);
    }

    [Fact]
    public async Task The_api_s_own_tokens_work_beside_the_external_issuer()
    {
        Assert.Equal(HttpStatusCode.OK, (await Api.As(JobStores.Default).GetAsync("/pcm/jobs")).Status);
    }

    [Fact]
    public async Task A_token_of_the_external_issuer_for_another_audience_is_a_401()
    {
        var response = await Api.GetAsync("/pcm/jobs", Bearer(Issuer.TokenFor(TestAuth.StoreA, Now, TestAuth.Audience)));

        response.Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task An_expired_token_of_the_external_issuer_is_a_401_on_the_api_s_clock()
    {
        var response = await Api.GetAsync("/pcm/jobs", Bearer(Issuer.TokenFor(TestAuth.StoreA, Now.AddHours(-1).AddMinutes(-2), ExternalIssuerFixture.Audience)));

        response.Is(HttpStatusCode.Unauthorized, Expect.Unauthorized("Unable to validate access token: it has expired; get a new one from POST /oauth/access_token."));
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_issuer_does_not_publish_is_a_401()
    {
        using var stranger = RSA.Create(2048);
        var claims = new Dictionary<string, object> { [JobsClaims.StoreId] = TestAuth.StoreA };

        var response = await Api.GetAsync("/pcm/jobs", Bearer(Issuer.Token(Now, ExternalIssuerFixture.Audience, claims, signedWith: stranger)));

        response.Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task A_token_signed_with_the_issuer_s_key_but_naming_another_issuer_is_a_401()
    {
        var claims = new Dictionary<string, object> { [JobsClaims.StoreId] = TestAuth.StoreA };

        var response = await Api.GetAsync("/pcm/jobs", Bearer(Issuer.Token(Now, ExternalIssuerFixture.Audience, claims, issuer: "https://elsewhere.example")));

        response.Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task The_external_issuer_s_key_cannot_make_a_token_of_the_api_s_own()
    {
        var claims = new Dictionary<string, object> { [JobsClaims.StoreId] = TestAuth.StoreA };

        var response = await Api.GetAsync("/pcm/jobs", Bearer(Issuer.Token(Now, TestAuth.Audience, claims, issuer: TestAuth.Issuer)));

        response.Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task The_api_s_key_cannot_make_a_token_of_the_external_issuer()
    {
        var response = await Api.GetAsync("/pcm/jobs", Bearer(TestAuth.Token(Now, issuer: Issuer.Authority, audience: ExternalIssuerFixture.Audience)));

        response.Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task A_token_of_the_external_issuer_that_names_no_store_is_a_401()
    {
        var claims = new Dictionary<string, object> { [JobsClaims.Subject] = "platform-user", ["tenant"] = TestAuth.StoreA };

        var response = await Api.GetAsync("/pcm/jobs", Bearer(Issuer.Token(Now, ExternalIssuerFixture.Audience, claims)));

        response.Is(HttpStatusCode.Unauthorized, Expect.NoStore);
    }
}

/// <summary>An external issuer that names stores in a claim of its own choosing.</summary>
public sealed class TenantClaimIssuerFixture : ExternalIssuerFixture
{
    public override string? StoreClaim => "tenant";
}

public sealed class ExternalStoreClaim_Specs(TenantClaimIssuerFixture fixture) : IClassFixture<TenantClaimIssuerFixture>
{
    [Fact]
    public async Task The_store_is_read_from_the_configured_claim_and_from_no_other()
    {
        var now = fixture.Api.Clock.GetUtcNow();
        var id = Guid.NewGuid();
        var token = fixture.Issuer.Token(now, ExternalIssuerFixture.Audience,
            new Dictionary<string, object> { ["tenant"] = TestAuth.StoreB, [JobsClaims.StoreId] = TestAuth.StoreA });
        var storeIdOnly = fixture.Issuer.TokenFor(TestAuth.StoreA, now, ExternalIssuerFixture.Audience);

        var submitted = await fixture.Api.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport, id), headers: ("Authorization", $"Bearer {token}"));
        var refused = await fixture.Api.GetAsync("/pcm/jobs", ("Authorization", $"Bearer {storeIdOnly}"));

        Assert.Equal(HttpStatusCode.Created, submitted.Status);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Api.As(TestAuth.StoreB).GetAsync($"/pcm/jobs/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Api.As(TestAuth.StoreA).GetAsync($"/pcm/jobs/{id}")).Status);
        refused.Is(HttpStatusCode.Unauthorized, Expect.NoStore);
    }
}
