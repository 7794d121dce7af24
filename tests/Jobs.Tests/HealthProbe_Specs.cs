using Jobs.Worker.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests;

/// <summary>
/// <c>Jobs.Worker.dll health</c>, the container healthcheck of docker-compose.yml: with the worker's own settings it finds
/// the worker's port and succeeds only while that worker answers ready.
/// </summary>
public sealed class HealthProbe_Specs
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http_ports", "8080", "http://127.0.0.1:8080/health/ready")]
    [InlineData("http_ports", "8081;8082", "http://127.0.0.1:8081/health/ready")]
    [InlineData("urls", "http://+:5000", "http://127.0.0.1:5000/health/ready")]
    [InlineData("urls", "http://0.0.0.0:7000;http://127.0.0.1:7001", "http://127.0.0.1:7000/health/ready")]
    public void The_address_is_the_workers_first_port_on_loopback(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        Assert.Equal(new Uri(expected), HealthProbe.ReadyAddress(configuration));
    }

    [Fact]
    public async Task The_probe_succeeds_while_the_worker_is_ready_and_fails_once_it_has_stopped()
    {
        var directory = Directory.CreateTempSubdirectory("jobs-health-probe-").FullName;
        var worker = JobsWorkerApplication.Create([$"--ConnectionStrings:Jobs=Data Source={Path.Combine(directory, "jobs.db")}"]);
        await worker.StartAsync(Ct);
        // The worker's settings as the probe gets them, with the port the worker was given (a free one, here).
        var url = worker.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var settings = new ConfigurationBuilder().AddInMemoryCollection([new("urls", url)]).Build();
        var output = new StringWriter();

        Assert.True(await HealthProbe.CheckAsync(settings, output, Ct), output.ToString());
        Assert.Equal($"{url}/health/ready: 200 OK{Environment.NewLine}", output.ToString());

        await worker.StopAsync(Ct);
        await worker.DisposeAsync();
        Assert.False(await HealthProbe.CheckAsync(settings, output, Ct));
        Assert.EndsWith($"{url}/health/ready: no answer (HttpRequestException){Environment.NewLine}", output.ToString(), StringComparison.Ordinal);
    }
}
