using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Jobs.Tests.Api;

/// <summary><c>POST /oauth/access_token</c>: a client's id and secret for a token of its store, as Elastic Path has it.</summary>
public sealed class Tokens_Specs(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    const string Path = "/oauth/access_token";
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Asks without a token of its own: the endpoint needs none.</summary>
    ApiDriver Anonymous => fixture.Api.As(null);

    static (string, string)[] Credentials(string store) =>
        [("grant_type", "client_credentials"), ("client_id", TestAuth.Clients[store].ClientId), ("client_secret", TestAuth.Clients[store].Secret)];

    [Theory]
    [InlineData(JobStores.Default)]
    [InlineData(TestAuth.StoreA)]
    [InlineData(TestAuth.StoreB)]
    public async Task A_client_gets_a_bearer_token_of_its_store_that_expires_after_an_hour(string store)
    {
        var now = fixture.Api.Clock.GetUtcNow().ToUnixTimeSeconds();

        var response = await Anonymous.RequestTokenAsync(Credentials(store));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var token = response.Json["access_token"]!.GetValue<string>();
        response.Is(HttpStatusCode.OK, new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["expires"] = now + 3600,
            ["identifier"] = "client_credentials",
        });
        var jwt = new JsonWebToken(token);
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal(TestAuth.Issuer, jwt.Issuer);
        Assert.Equal([TestAuth.Audience], jwt.Audiences);
        Assert.Equal(TestAuth.Clients[store].ClientId, jwt.Subject);
        Assert.Equal(store, jwt.GetClaim("store_id").Value);
        Assert.Equal(now + 3600, jwt.GetPayloadValue<long>("exp"));
        Assert.Equal(now, jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/pcm/jobs", ("Authorization", $"Bearer {token}"))).Status);
    }

    [Fact]
    public async Task No_cache_may_keep_a_token()
    {
        using var form = new StringContent(ApiDriver.Form(Credentials(JobStores.Default)), Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await fixture.Api.Http.PostAsync(Path, form, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
    }

    [Fact]
    public async Task Every_token_is_a_new_one()
    {
        var first = await Anonymous.RequestTokenAsync(Credentials(JobStores.Default));
        var second = await Anonymous.RequestTokenAsync(Credentials(JobStores.Default));

        Assert.NotEqual(first.Json["access_token"]!.GetValue<string>(), second.Json["access_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_secret_and_an_unknown_client_get_the_same_401()
    {
        var (clientId, secret) = TestAuth.Clients[TestAuth.StoreA];

        var wrongSecret = await Anonymous.RequestTokenAsync(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret + "x"));
        var unknown = await Anonymous.RequestTokenAsync(("grant_type", "client_credentials"), ("client_id", "nobody"), ("client_secret", secret));
        var otherClientsSecret = await Anonymous.RequestTokenAsync(("grant_type", "client_credentials"), ("client_id", clientId),
            ("client_secret", TestAuth.Clients[TestAuth.StoreB].Secret));

        wrongSecret.Is(HttpStatusCode.Unauthorized, Expect.BadCredentials);
        unknown.Is(HttpStatusCode.Unauthorized, Expect.BadCredentials);
        otherClientsSecret.Is(HttpStatusCode.Unauthorized, Expect.BadCredentials);
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "", "grant_type is required.", "grant_type" },
        { "client_id=default-client&client_secret=default-secret", "grant_type is required.", "grant_type" },
        { "grant_type=&client_id=default-client&client_secret=default-secret", "grant_type is required.", "grant_type" },
        { "grant_type=implicit&client_id=default-client", "grant_type must be client_credentials: this API issues no other kind of token.", "grant_type" },
        { "grant_type=password&client_id=default-client&client_secret=default-secret", "grant_type must be client_credentials: this API issues no other kind of token.", "grant_type" },
        { $"grant_type=client_credentials{new string('s', 5000)}&client_id=default-client&client_secret=default-secret", "grant_type must be client_credentials: this API issues no other kind of token.", "grant_type" },
        { "grant_type=client_credentials&client_secret=default-secret", "client_id is required.", "client_id" },
        { "grant_type=client_credentials&client_id=default-client", "client_secret is required.", "client_secret" },
        { "grant_type=client_credentials&client_id=default-client&client_secret=", "client_secret is required.", "client_secret" },
        { "grant_type=client_credentials&grant_type=client_credentials&client_id=default-client&client_secret=default-secret", "grant_type must be given once, not 2 times.", "grant_type" },
        { "grant_type=client_credentials&client_id=default-client&client_id=store-a-client&client_secret=default-secret", "client_id must be given once, not 2 times.", "client_id" },
        { $"grant_type=client_credentials&client_id={new string('c', 129)}&client_secret=default-secret", "client_id must be at most 128 characters.", "client_id" },
        { $"grant_type=client_credentials&client_id=default-client&client_secret={new string('s', 257)}", "client_secret must be at most 256 characters.", "client_secret" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_token_request_is_a_400_naming_the_field(string form, string detail, string field)
    {
        var response = await Anonymous.PostAsync(Path, form, "application/x-www-form-urlencoded");

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest(detail, field));
    }

    [Fact]
    public async Task The_longest_client_id_and_secret_are_looked_up_as_any_others()
    {
        var response = await Anonymous.RequestTokenAsync(("grant_type", "client_credentials"), ("client_id", new string('c', 128)), ("client_secret", new string('s', 256)));

        response.Is(HttpStatusCode.Unauthorized, Expect.BadCredentials);
    }

    [Theory]
    [InlineData("application/json", """{"grant_type":"client_credentials","client_id":"default-client","client_secret":"default-secret"}""")]
    [InlineData("text/plain", "grant_type=client_credentials&client_id=default-client&client_secret=default-secret")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--b--\r\n")]
    [InlineData(null, "grant_type=client_credentials&client_id=default-client&client_secret=default-secret")]
    public async Task A_token_request_that_is_not_a_url_encoded_form_is_a_400_that_asks_for_one(string? contentType, string body)
    {
        var response = await Anonymous.PostAsync(Path, body, contentType);

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest(
            $"Send grant_type, client_id and client_secret as application/x-www-form-urlencoded, not '{contentType ?? "no content type"}'."));
    }

    [Fact]
    public async Task A_form_that_cannot_be_read_is_a_400()
    {
        var response = await Anonymous.PostAsync(Path, $"grant_type=client_credentials&{new string('k', 3000)}=1", "application/x-www-form-urlencoded");

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest("The body is not a application/x-www-form-urlencoded form."));
    }

    /// <summary>
    /// Byte for byte what <c>@elasticpath/js-sdk</c> 35 sends when given a client id and secret (its <c>authenticate</c>:
    /// fetch with a form it encodes with <c>encodeURIComponent</c>, headers as node's fetch sends them), and what it reads
    /// back: <c>access_token</c>, <c>expires</c> (Unix seconds, compared with its clock), <c>expires_in</c>,
    /// <c>identifier</c> and <c>token_type</c>. Then its next request, as it sends it, with the token.
    /// </summary>
    [Fact]
    public async Task The_request_the_elastic_path_js_sdk_sends_gets_the_token_it_reads_and_its_next_request_is_let_in()
    {
        var now = fixture.Api.Clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes("grant_type=client_credentials&client_id=store-b-client&client_secret=store-b%20secret%26%3D%2B%2F%C3%A9")),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        AddSdkHeaders(request);
        request.Headers.Add("Connection", "keep-alive");
        request.Headers.Add("Accept-Encoding", "gzip, deflate");

        using var response = await fixture.Api.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        Assert.Equal("Bearer", answer["token_type"]!.GetValue<string>());
        Assert.Equal("client_credentials", answer["identifier"]!.GetValue<string>());
        Assert.Equal(3600, answer["expires_in"]!.GetValue<long>());
        Assert.Equal(now + 3600, answer["expires"]!.GetValue<long>());
        var token = answer["access_token"]!.GetValue<string>();
        Assert.Equal(TestAuth.StoreB, new JsonWebToken(token).GetClaim("store_id").Value);

        using var list = new HttpRequestMessage(HttpMethod.Get, "/pcm/jobs");
        AddSdkHeaders(list);
        list.Content = new ByteArrayContent([]);
        list.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        list.Headers.Add("X-MOLTIN-APPLICATION", "epcc sdk");
        using var listed = await fixture.Api.Http.SendAsync(list, Ct);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }

    static void AddSdkHeaders(HttpRequestMessage request)
    {
        request.Headers.Add("X-MOLTIN-SDK-LANGUAGE", "JS");
        request.Headers.Add("X-MOLTIN-SDK-VERSION", "35.0.0");
        request.Headers.Add("Accept", "*/*");
        request.Headers.Add("Accept-Language", "*");
        request.Headers.Add("Sec-Fetch-Mode", "cors");
        request.Headers.Add("User-Agent", "node");
    }
}
