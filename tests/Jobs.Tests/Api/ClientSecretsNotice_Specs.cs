using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Jobs.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Tests.Api;

/// <summary>
/// In Development the API logs, once it listens, the exact command that gets a token with each plain client secret;
/// anywhere else it warns that the secret sits unhashed in its configuration, and never logs it.
/// </summary>
public sealed partial class ClientSecretsNotice_Specs
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("""^curl -s (?<url>http://\S+) -d grant_type=(?<grant>\S+) -d client_id=(?<id>\S+) -d client_secret=(?<secret>\S+)$""")]
    private static partial Regex CurlCommand();

    [Fact]
    public async Task In_development_the_log_gives_a_curl_command_that_gets_a_token_from_the_listening_api()
    {
        var log = new LogLines();
        await using var factory = new JobsApiFactory();
        var development = factory.WithWebHostBuilder(b => b.UseEnvironment("Development").ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));
        development.UseKestrel(0);
        development.StartServer();

        var commands = log.Lines.Where(l => l.StartsWith("Get a token for store default: ", StringComparison.Ordinal)).ToList();
        var command = Assert.Single(commands)["Get a token for store default: ".Length..];
        var match = CurlCommand().Match(command);
        Assert.True(match.Success, command);
        using var http = new HttpClient();
        // What curl -d sends: the fields as given, joined with '&', as a form.
        using var form = new StringContent($"grant_type={match.Groups["grant"]}&client_id={match.Groups["id"]}&client_secret={match.Groups["secret"]}",
            System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        using var response = await http.PostAsync(match.Groups["url"].Value, form, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"access_token\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(log.Lines, l => l.Contains("plain ClientSecret", StringComparison.Ordinal));
    }

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

    /// <summary>Every line logged, formatted.</summary>
    sealed class LogLines : ILoggerProvider, ILogger
    {
        readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
