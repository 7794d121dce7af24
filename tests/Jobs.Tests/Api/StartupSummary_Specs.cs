using System.Net;
using System.Text.RegularExpressions;
using Jobs.Tests.Support;
using Jobs.Worker.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Tests.Api;

/// <summary>
/// Once it listens, the API prints one block that says what runs where: the mode, the addresses of the jobs API, the
/// dashboard and the reference, how to get a token (in Development, a command that works as printed) and where each job
/// type's work runs.
/// </summary>
public sealed partial class StartupSummary_Specs
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("""curl -s (?<url>http://\S+) -d grant_type=(?<grant>\S+) -d client_id=(?<id>\S+) -d client_secret=(?<secret>\S+)""")]
    private static partial Regex CurlCommand();

    [Fact]
    public async Task In_development_the_block_gives_the_mode_the_addresses_a_working_token_command_and_the_handlers()
    {
        var log = new LogLines();
        await using var factory = new JobsApiFactory();
        var development = factory.WithWebHostBuilder(b => b.UseEnvironment("Development").ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));
        development.UseKestrel(0);
        development.StartServer();

        var block = Assert.Single(log.Lines, l => l.StartsWith("Jobs API on http://", StringComparison.Ordinal));
        var address = block.Split('\n')[0]["Jobs API on ".Length..];
        // Each row: two spaces, a name in a column of ten, the value.
        var rows = block.Split('\n').Skip(1).Where(l => !l.StartsWith("    ", StringComparison.Ordinal)).ToDictionary(l => l[2..12].Trim(), l => l[12..]);
        Assert.Equal($"embedded (worker in this process), in-memory bus, SQLite file {Path.Combine(Path.GetDirectoryName(factory.FilesRoot)!, "jobs.db")}", rows["mode"]);
        Assert.Equal($"{address}/pcm/jobs (bearer token)", rows["jobs API"]);
        Assert.Equal($"{address}/dashboard/", rows["dashboard"]);
        Assert.Equal($"{address}/docs/", rows["reference"]);
        Assert.Equal("in this process: child-products, product-import, product-export, hierarchy-duplicate, price-import", rows["handlers"]);

        // A client with a plain secret gets its command; the one for the default store works as printed.
        var commands = CurlCommand().Matches(block);
        var command = Assert.Single(commands, c => c.Groups["id"].Value == TestAuth.Clients["default"].ClientId);
        using var http = new HttpClient();
        // What curl -d sends: the fields as given, joined with '&', as a form.
        using var form = new StringContent($"grant_type={command.Groups["grant"]}&client_id={command.Groups["id"]}&client_secret={command.Groups["secret"]}",
            System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        using var response = await http.PostAsync(command.Groups["url"].Value, form, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"access_token\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var reference = await http.GetAsync(rows["reference"], Ct);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.DoesNotContain(log.Lines, l => l.Contains("plain ClientSecret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Elsewhere_the_token_row_says_how_and_never_shows_a_secret()
    {
        var log = new LogLines();
        await using var factory = new JobsApiFactory();
        var testing = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));
        Assert.Equal(HttpStatusCode.OK, (await new ApiDriver(testing).GetAsync("/pcm/jobs")).Status);

        var block = Assert.Single(log.Lines, l => l.StartsWith("Jobs API on ", StringComparison.Ordinal));
        Assert.Contains("  token     POST http://localhost/oauth/access_token with grant_type=client_credentials, a client_id and its client_secret\n", block, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAuth.Clients["default"].Secret, block, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mode_names_the_broker_and_the_database_server_but_never_their_credentials()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jobs:Transport"] = "RabbitMq",
            ["Jobs:Database"] = "Postgres",
            ["ConnectionStrings:RabbitMq"] = "amqp://jobs:broker-secret@rabbit.internal:5673/catalog",
            ["ConnectionStrings:Jobs"] = "Host=db.internal;Port=5433;Database=jobs;Username=jobs;Password=db-secret",
        }).Build();

        var mode = RunSummary.Mode(configuration);

        Assert.Equal("RabbitMQ at rabbit.internal:5673, virtual host catalog, PostgreSQL database jobs at db.internal:5433", mode);
    }
}
