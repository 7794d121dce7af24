using System.Net;
using Jobs.Api.Auth;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jobs.Tests.Api;

/// <summary>
/// Every <c>/pcm</c> endpoint needs a valid bearer token that names one store; anything else is a 401 with a JSON:API
/// error and a <c>WWW-Authenticate</c> header, and the request goes no further. Nothing else needs a token.
/// </summary>
public sealed class BearerTokens_Specs(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    ApiDriver Anonymous => fixture.Api.As(null);

    DateTimeOffset Now => fixture.Api.Clock.GetUtcNow();

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/pcm/jobs" },
        { "GET", "/pcm/jobs/0f0e0d0c-0b0a-4909-8807-060504030201" },
        { "GET", "/pcm/jobs/0f0e0d0c-0b0a-4909-8807-060504030201/errors" },
        { "POST", "/pcm/jobs/0f0e0d0c-0b0a-4909-8807-060504030201/cancel" },
        { "POST", "/pcm/jobs" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_jobs_endpoint_without_a_token_is_a_401_asking_for_one_and_does_nothing(string method, string path)
    {
        var before = await fixture.Api.RowCountAsync();

        var response = await Anonymous.SendAsync(new HttpMethod(method), path, method == "POST" ? ApiDriver.SubmitBody(JobTypes.ProductExport) : null, "application/json");

        response.Is(HttpStatusCode.Unauthorized, Expect.NoToken);
        Assert.Equal("Bearer", response.Challenge);
        Assert.Equal(before, await fixture.Api.RowCountAsync());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_jobs_endpoint_with_a_token_of_its_store_gets_past_the_door(string method, string path)
    {
        var response = await fixture.Api.SendAsync(new HttpMethod(method), path, method == "POST" ? ApiDriver.SubmitBody(JobTypes.ProductExport) : null, "application/json");

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.Status);
        Assert.Null(response.Challenge);
    }

    [Theory]
    [InlineData("/health/live", 200)]
    [InlineData("/health/ready", 200)]
    [InlineData("/openapi/v1.json", 200)]
    [InlineData("/docs/", 200)]
    [InlineData("/", 302)]
    [InlineData("/pcm/nothing", 404)]
    public async Task Health_documentation_and_unknown_routes_need_no_token(string path, int status)
    {
        var response = await Anonymous.GetAsync(path);

        Assert.Equal(status, (int)response.Status);
    }

    [Theory]
    [InlineData("Basic ZGVmYXVsdC1jbGllbnQ6ZGVmYXVsdC1zZWNyZXQ=")]
    [InlineData("Bearer")]
    [InlineData("Token abc")]
    public async Task An_authorization_that_is_not_a_bearer_token_counts_as_none(string authorization)
    {
        var response = await Anonymous.GetAsync("/pcm/jobs", ("Authorization", authorization));

        response.Is(HttpStatusCode.Unauthorized, Expect.NoToken);
        Assert.Equal("Bearer", response.Challenge);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30.")]
    public async Task A_bearer_value_that_is_not_a_token_is_a_401(string token)
    {
        var response = await Anonymous.GetAsync("/pcm/jobs", ("Authorization", $"Bearer {token}"));

        response.Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
        Assert.Equal(Expect.InvalidTokenChallenge("The token is not valid"), response.Challenge);
    }

    [Fact]
    public async Task The_api_s_own_kind_of_token_made_by_hand_is_let_in_when_everything_is_right()
    {
        var response = await Anonymous.GetAsync("/pcm/jobs", Bearer(TestAuth.Token(Now)));

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_api_does_not_have_is_a_401()
    {
        var response = await Anonymous.GetAsync("/pcm/jobs", Bearer(TestAuth.Token(Now, key: TestAuth.OtherKey)));

        response.Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
        Assert.Equal(Expect.InvalidTokenChallenge("The token is not valid"), response.Challenge);
    }

    [Fact]
    public async Task A_token_whose_signature_was_tampered_with_is_a_401()
    {
        var token = TestAuth.Token(Now);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        (await Anonymous.GetAsync("/pcm/jobs", Bearer(tampered))).Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task A_token_whose_store_was_changed_after_signing_is_a_401()
    {
        var parts = TestAuth.Token(Now, claims: Store(TestAuth.StoreA)).Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace(TestAuth.StoreA, TestAuth.StoreB, StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        (await Anonymous.GetAsync("/pcm/jobs", Bearer(forged))).Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task An_unsigned_token_is_a_401()
    {
        var unsigned = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestAuth.Issuer,
            Audience = TestAuth.Audience,
            IssuedAt = Now.UtcDateTime,
            NotBefore = Now.UtcDateTime,
            Expires = Now.AddHours(1).UtcDateTime,
            Claims = Store(JobStores.Default),
        });

        (await Anonymous.GetAsync("/pcm/jobs", Bearer(unsigned))).Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task A_token_that_never_expires_is_a_401()
    {
        var endless = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestAuth.Issuer,
            Audience = TestAuth.Audience,
            IssuedAt = Now.UtcDateTime,
            Claims = Store(JobStores.Default),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(TestAuth.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        Assert.False(new JsonWebToken(endless).TryGetPayloadValue<long>("exp", out _));

        (await Anonymous.GetAsync("/pcm/jobs", Bearer(endless))).Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_a_401()
    {
        var response = await Anonymous.GetAsync("/pcm/jobs", Bearer(TestAuth.Token(Now, audience: "catalog-api")));

        response.Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task A_token_of_another_issuer_is_a_401_even_signed_with_the_api_s_key()
    {
        var response = await Anonymous.GetAsync("/pcm/jobs", Bearer(TestAuth.Token(Now, issuer: "someone-else")));

        response.Is(HttpStatusCode.Unauthorized, Expect.InvalidToken);
    }

    [Fact]
    public async Task A_token_that_is_not_valid_yet_is_a_401_saying_so()
    {
        var response = await Anonymous.GetAsync("/pcm/jobs", Bearer(TestAuth.Token(Now.AddMinutes(2))));

        response.Is(HttpStatusCode.Unauthorized, Expect.Unauthorized("Unable to validate access token: it is not valid yet."));
        Assert.Equal(Expect.InvalidTokenChallenge("The token is not valid yet"), response.Challenge);
    }

    public static TheoryData<string, Dictionary<string, object>> StoreClaims => new()
    {
        { "none", new() { [JobsClaims.Subject] = "spec" } },
        { "empty", new() { [JobsClaims.StoreId] = "" } },
        { "blank", new() { [JobsClaims.StoreId] = "   " } },
        { "longer than a store id", new() { [JobsClaims.StoreId] = new string('s', JobLimits.MaxStoreIdLength + 1) } },
        { "two stores", new() { [JobsClaims.StoreId] = new[] { TestAuth.StoreA, TestAuth.StoreB } } },
        { "under another name", new() { ["store"] = TestAuth.StoreA } },
    };

    [Theory]
    [MemberData(nameof(StoreClaims))]
    public async Task A_valid_token_without_one_valid_store_is_a_401(string why, Dictionary<string, object> claims)
    {
        var response = await Anonymous.GetAsync("/pcm/jobs", Bearer(TestAuth.Token(Now, claims: claims)));

        Assert.True(response.Status == HttpStatusCode.Unauthorized, $"a store claim {why}: {(int)response.Status} {response.Body}");
        response.Is(HttpStatusCode.Unauthorized, Expect.NoStore);
        Assert.Equal(Expect.InvalidTokenChallenge("The token names no store"), response.Challenge);
    }

    [Fact]
    public async Task The_longest_store_id_is_a_store()
    {
        var response = await Anonymous.GetAsync("/pcm/jobs", Bearer(TestAuth.Token(Now, claims: Store(new string('s', JobLimits.MaxStoreIdLength)))));

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task A_401_answers_with_the_request_id_the_client_sent()
    {
        var response = await Anonymous.GetAsync("/pcm/jobs", ("X-Request-Id", "trace-401"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("trace-401", response.RequestId);
    }

    static Dictionary<string, object> Store(string store) => new() { [JobsClaims.Subject] = "spec", [JobsClaims.StoreId] = store };

    static (string, string) Bearer(string token) => ("Authorization", $"Bearer {token}");
}

/// <summary>Token expiry on the API's clock: a token works until it expires (give or take the clock skew), then never again.</summary>
public sealed class TokenExpiry_Specs
{
    [Fact]
    public async Task A_token_works_until_its_expiry_plus_the_skew_and_is_a_401_saying_so_after()
    {
        await using var factory = new JobsApiFactory();
        var api = new ApiDriver(factory);
        var token = await api.TokenAsync();
        var bearer = ("Authorization", $"Bearer {token}");

        factory.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var atTheEdge = await api.GetAsync("/pcm/jobs", bearer);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await api.GetAsync("/pcm/jobs", bearer);

        Assert.Equal(HttpStatusCode.OK, atTheEdge.Status);
        after.Is(HttpStatusCode.Unauthorized, Expect.Unauthorized("Unable to validate access token: it has expired; get a new one from POST /oauth/access_token."));
        Assert.Equal(Expect.InvalidTokenChallenge("The token expired"), after.Challenge);
        // A new token from the endpoint, on the same clock, works again.
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/pcm/jobs")).Status);
    }

    [Fact]
    public async Task A_shorter_lifetime_and_skew_are_configurable()
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?>
        {
            ["Jobs:Auth:TokenLifetime"] = "00:05:00",
            ["Jobs:Auth:ClockSkew"] = "00:00:00",
        });
        var api = new ApiDriver(factory);
        var issued = await api.As(null).RequestTokenAsync(("grant_type", "client_credentials"), ("client_id", "default-client"), ("client_secret", "default-secret"));
        var bearer = ("Authorization", $"Bearer {issued.Json["access_token"]!.GetValue<string>()}");

        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var atExpiry = await api.GetAsync("/pcm/jobs", bearer);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await api.GetAsync("/pcm/jobs", bearer);

        Assert.Equal(300, issued.Json["expires_in"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, atExpiry.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
    }
}
