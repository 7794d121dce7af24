using Jobs.Api.Auth;
using Jobs.Tests.Support;
using Microsoft.Extensions.Options;

namespace Jobs.Tests.Api;

/// <summary>
/// <c>Jobs:Auth</c> is checked at start: a configuration that would let nobody in, or anybody, stops the API with a
/// message naming the setting and how to put it right.
/// </summary>
public sealed class AuthOptions_Specs
{
    const string Hash = TestAuth.StoreASecretHash;

    static JobsClientOptions Client(string clientId = "platform", string? storeId = "default", string? hash = Hash, string? secret = null) =>
        new() { ClientId = clientId, StoreId = storeId, ClientSecretHash = hash, ClientSecret = secret };

    static JobsAuthOptions Own(params JobsClientOptions[] clients) => new() { SigningKeys = [TestAuth.SigningKey], Clients = [.. clients] };

    static JobsAuthOptions External(string authority = "https://login.example.com/", string? audience = "jobs-api", bool requireHttps = true) =>
        new() { External = new ExternalIssuerOptions { Authority = authority, Audience = audience, RequireHttpsMetadata = requireHttps } };

    static IEnumerable<string> Problems(JobsAuthOptions options) =>
        new JobsAuthOptionsValidator().Validate(null, options).Failures ?? [];

    public static TheoryData<string, JobsAuthOptions> Valid => new()
    {
        { "own tokens, a hashed secret", Own(Client()) },
        { "own tokens, a plain secret", Own(Client(hash: null, secret: "development")) },
        { "own tokens for several stores", Own(Client("eu", "store-eu"), Client("us", "store-us")) },
        { "an external issuer only", External() },
        { "a test issuer over http", External("http://127.0.0.1:5000", requireHttps: false) },
        { "both", new JobsAuthOptions { SigningKeys = [TestAuth.SigningKey], Clients = [Client()], External = External().External } },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_usable_configuration_passes(string what, JobsAuthOptions options)
    {
        Assert.True(!Problems(options).Any(), $"{what}: {string.Join(" ", Problems(options))}");
    }

    public static TheoryData<string, JobsAuthOptions, string> Invalid => new()
    {
        { "nothing", new JobsAuthOptions(), "Jobs:Auth accepts no token: configure signing keys (Jobs:Auth:SigningKeys:0, base64, at least 256 bits) with clients, or an external issuer (Jobs:Auth:External:Authority)." },
        { "a key that is not base64", new JobsAuthOptions { SigningKeys = ["not base64!"] }, "Jobs:Auth:SigningKeys:0 is not base64." },
        { "a short key", new JobsAuthOptions { SigningKeys = [TestAuth.SigningKey, Convert.ToBase64String(new byte[31])] }, "Jobs:Auth:SigningKeys:1 has 248 bits; a signing key needs at least 256 (for example: openssl rand -base64 32)." },
        { "clients without a key", new JobsAuthOptions { Clients = [Client()], External = External().External }, "Jobs:Auth:Clients are configured, but there is no signing key to sign their tokens with (Jobs:Auth:SigningKeys:0)." },
        { "a client without an id", Own(Client(clientId: " ")), "Jobs:Auth:Clients:0:ClientId is required." },
        { "a client id too long", Own(Client(clientId: new string('c', 129))), "Jobs:Auth:Clients:0:ClientId must be at most 128 characters." },
        { "two clients with one id", Own(Client(), Client(storeId: "other")), "Jobs:Auth:Clients:1:ClientId 'platform' is the id of Jobs:Auth:Clients:0 too." },
        { "a client without a store", Own(Client(storeId: null)), "Jobs:Auth:Clients:0:StoreId must name a store (1 to 64 characters, not blank), not ''." },
        { "a blank store", Own(Client(storeId: "  ")), "Jobs:Auth:Clients:0:StoreId must name a store (1 to 64 characters, not blank), not '  '." },
        { "a store id too long", Own(Client(storeId: new string('s', 65))), $"Jobs:Auth:Clients:0:StoreId must name a store (1 to 64 characters, not blank), not '{new string('s', 65)}'." },
        { "both secrets", Own(Client(secret: "development")), "Jobs:Auth:Clients:0 has both a ClientSecretHash and a ClientSecret; keep the hash only." },
        { "no secret", Own(Client(hash: null)), "Jobs:Auth:Clients:0 needs a ClientSecretHash (made with the API's hash-secret command (dotnet run --project src/Jobs.Api --no-launch-profile -- hash-secret, or dotnet Jobs.Api.dll hash-secret)), or a ClientSecret in development." },
        { "a hash of another format", Own(Client(hash: "5f4dcc3b5aa765d61d8327deb882cf99")), "Jobs:Auth:Clients:0:ClientSecretHash is not a PasswordHasher v3 hash; make one with the API's hash-secret command (dotnet run --project src/Jobs.Api --no-launch-profile -- hash-secret, or dotnet Jobs.Api.dll hash-secret)." },
        { "a version 2 hash", Own(Client(hash: Convert.ToBase64String([0x00, .. new byte[48]]))), "Jobs:Auth:Clients:0:ClientSecretHash is not a PasswordHasher v3 hash; make one with the API's hash-secret command (dotnet run --project src/Jobs.Api --no-launch-profile -- hash-secret, or dotnet Jobs.Api.dll hash-secret)." },
        { "an empty plain secret", Own(Client(hash: null, secret: "")), "Jobs:Auth:Clients:0:ClientSecret must be 1 to 256 characters." },
        { "an issuer over http", External("http://login.example.com/"), "Jobs:Auth:External:Authority must be https (its keys are fetched from it); only a test issuer may use http, with Jobs:Auth:External:RequireHttpsMetadata set to false." },
        { "an issuer that is not an address", External("login.example.com"), "Jobs:Auth:External:Authority must be an absolute https address, not 'login.example.com'." },
        { "an issuer without an audience", External(audience: null), "Jobs:Auth:External:Audience is required: the aud the issuer's tokens carry for this API." },
        { "an audience without an issuer", new JobsAuthOptions { SigningKeys = [TestAuth.SigningKey], External = new ExternalIssuerOptions { Audience = "jobs-api" } }, "Jobs:Auth:External:Audience is set, but Jobs:Auth:External:Authority, the issuer whose tokens it is for, is not." },
        { "no store claim", new JobsAuthOptions { External = new ExternalIssuerOptions { Authority = "https://login.example.com/", Audience = "jobs-api", StoreClaim = "" } }, "Jobs:Auth:External:StoreClaim must name the claim that holds a token's store." },
        { "no issuer name", new JobsAuthOptions { SigningKeys = [TestAuth.SigningKey], Issuer = "" }, "Jobs:Auth:Issuer must not be empty." },
        { "no audience name", new JobsAuthOptions { SigningKeys = [TestAuth.SigningKey], Audience = " " }, "Jobs:Auth:Audience must not be empty." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_configuration_that_cannot_work_is_refused_naming_the_setting(string what, JobsAuthOptions options, string problem)
    {
        Assert.True(Problems(options).Contains(problem), $"{what}: expected \"{problem}\", got: {string.Join(" | ", Problems(options))}");
    }

    [Fact]
    public async Task The_api_does_not_start_with_a_configuration_that_cannot_work()
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { ["Jobs:Auth:SigningKeys:0"] = Convert.ToBase64String(new byte[16]) });

        var refused = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Jobs:Auth:SigningKeys:0 has 128 bits", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Jobs:Auth:TokenLifetime", "00:00:30")]
    [InlineData("Jobs:Auth:TokenLifetime", "2.00:00:00")]
    [InlineData("Jobs:Auth:ClockSkew", "00:10:00")]
    public async Task A_lifetime_or_skew_out_of_range_stops_the_api(string key, string value)
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { [key] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(key.Split(':')[^1], refused.Message, StringComparison.Ordinal);
    }
}

/// <summary><c>Jobs.Api hash-secret</c>: a secret in, a salted hash the API accepts out.</summary>
public sealed class HashSecretCommand_Specs
{
    [Fact]
    public void The_command_prints_a_salted_v3_hash_that_lets_the_secret_in_and_no_other()
    {
        var (first, firstError) = (new StringWriter(), new StringWriter());
        var second = new StringWriter();

        var code = HashSecretCommand.Run(new StringReader("s3cret with spaces\n"), first, firstError);
        HashSecretCommand.Run(new StringReader("s3cret with spaces\n"), second, new StringWriter());

        Assert.Equal(0, code);
        Assert.Equal("", firstError.ToString());
        var hash = first.ToString().TrimEnd('\n');
        Assert.DoesNotContain('\n', hash);
        Assert.True(SecretHashes.IsVersion3(hash), hash);
        Assert.NotEqual(hash, second.ToString().TrimEnd('\n'));
        var clients = new JobsClients(Microsoft.Extensions.Options.Options.Create(new JobsAuthOptions
        {
            SigningKeys = [TestAuth.SigningKey],
            Clients = [new JobsClientOptions { ClientId = "platform", StoreId = "default", ClientSecretHash = hash }],
        }));
        Assert.Equal(new JobsClient("platform", "default"), clients.Authenticate("platform", "s3cret with spaces"));
        Assert.Null(clients.Authenticate("platform", "s3cret with spaces "));
        Assert.Null(clients.Authenticate("someone", "s3cret with spaces"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Without_a_secret_the_command_says_how_to_give_one_and_prints_no_hash(string input)
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        var code = HashSecretCommand.Run(new StringReader(input), output, error);

        Assert.Equal(2, code);
        Assert.Equal("", output.ToString());
        Assert.Contains("hash-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_runs_only_when_it_is_the_only_argument()
    {
        Assert.True(HashSecretCommand.IsRequested(["hash-secret"]));
        Assert.False(HashSecretCommand.IsRequested([]));
        Assert.False(HashSecretCommand.IsRequested(["--urls", "http://127.0.0.1:5080"]));
    }
}
