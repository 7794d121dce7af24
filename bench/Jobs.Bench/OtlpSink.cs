using System.Collections.Concurrent;
using System.Net;
using Jobs.LocalServers;

namespace Jobs.Bench;

/// <summary>
/// Where the worker of the telemetry-on run exports over OTLP/HTTP: a collector's stand-in in the benchmark's process,
/// on a loopback port, that reads each export whole, counts it and answers success (an empty protobuf message). The
/// worker thus pays everything an export costs it (spans kept, batched, serialised and sent); only the collector's
/// own work is left out.
/// </summary>
sealed class OtlpSink : IAsyncDisposable
{
    readonly HttpListener _listener = new();
    readonly ConcurrentDictionary<string, int> _exports = new();
    readonly Task _serving;

    OtlpSink(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add($"{Endpoint}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>The value for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; the exporter adds <c>/v1/traces</c> and <c>/v1/metrics</c>.</summary>
    public string Endpoint { get; }

    public static OtlpSink Start() => new(LocalProcess.FreePort());

    /// <summary>How many exports arrived at <paramref name="path"/>.</summary>
    public int Exports(string path) => _exports.GetValueOrDefault(path);

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            await context.Request.InputStream.CopyToAsync(Stream.Null);
            context.Response.StatusCode = (int)HttpStatusCode.OK;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
            _exports.AddOrUpdate(context.Request.Url!.AbsolutePath, 1, (_, count) => count + 1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }
}
