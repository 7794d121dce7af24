using Microsoft.Extensions.Configuration;

namespace Jobs.Worker.Hosting;

/// <summary>
/// <c>Jobs.Worker.dll health</c>: asks the worker running beside it (same settings, so the same port) whether it is ready,
/// for a container's healthcheck. The runtime image has no curl; the worker's own assembly is the probe.
/// </summary>
public static class HealthProbe
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The readiness address of the worker these settings describe: its first URL or HTTP port, on loopback.</summary>
    public static Uri ReadyAddress(IConfiguration configuration)
    {
        var url = configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = url is not null
            ? new Uri(url.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)).Port
            : int.Parse(configuration["http_ports"]?.Split(';', StringSplitOptions.RemoveEmptyEntries)[0]
                ?? throw new InvalidOperationException("The health probe needs the worker's port: set URLS or HTTP_PORTS as the worker has them."),
                System.Globalization.CultureInfo.InvariantCulture);
        return new Uri($"http://127.0.0.1:{port}/health/ready");
    }

    /// <summary>True when the worker answers its readiness check with a success; says what it saw either way.</summary>
    public static async Task<bool> CheckAsync(IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var address = ReadyAddress(configuration);
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(address, cancellationToken);
            await output.WriteLineAsync($"{address}: {(int)response.StatusCode} {response.StatusCode}");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"{address}: no answer ({ex.GetType().Name})");
            return false;
        }
    }
}
