using System.Net;
using Jobs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Tests.Api;

/// <summary>
/// Outside Development the API warns that a plain client secret sits unhashed in its configuration, and never logs it.
/// (In Development its start-up summary gives the command that uses it: <see cref="StartupSummary_Specs"/>.)
/// </summary>
public sealed class ClientSecretsNotice_Specs
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Elsewhere_a_plain_secret_is_a_warning_that_never_shows_it()
    {
        var log = new LogLines();
        await using var factory = new JobsApiFactory();
        var testing = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));
        Assert.Equal(HttpStatusCode.OK, (await new ApiDriver(testing).GetAsync("/pcm/jobs")).Status);

        Assert.Contains("Client default-client has a plain ClientSecret in the Testing environment: give it a ClientSecretHash (the hash-secret command makes one) and remove the secret", log.Lines);
        Assert.DoesNotContain(log.Lines, l => l.Contains("store-a-client has a plain", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(TestAuth.Clients["default"].Secret, StringComparison.Ordinal) || l.StartsWith("Get a token", StringComparison.Ordinal));
    }
}
