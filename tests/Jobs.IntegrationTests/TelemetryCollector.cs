using System.Net;
using System.Text;
using Jobs.LocalServers;

namespace Jobs.IntegrationTests;

/// <summary>
/// A stand-in for an OpenTelemetry collector: takes OTLP over HTTP on a loopback port, answers every export with an
/// empty success (an empty protobuf message is a valid response), and keeps what arrived, so that a spec can wait for
/// the export it expects. It does not decode the protobuf: names travel in it as plain UTF-8, which is enough to look for.
/// </summary>
public sealed class TelemetryCollector : IAsyncDisposable
{
    readonly HttpListener _listener = new();
    readonly Lock _lock = new();
    readonly List<OtlpExport> _received = [];
    readonly Task _serving;
    TaskCompletionSource _arrival = NewSignal();

    TelemetryCollector(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add($"{Endpoint}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>Where exporters send: the value of <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, to which they add <c>/v1/metrics</c> and so on.</summary>
    public string Endpoint { get; }

    public static TelemetryCollector Start() => new(LocalProcess.FreePort());

    /// <summary>Waits for an export to <paramref name="path"/> whose body holds <paramref name="text"/>; fails the spec after <paramref name="timeout"/>.</summary>
    public async Task<OtlpExport> WaitForAsync(string path, string text, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task arrival;
            lock (_lock)
            {
                if (_received.FirstOrDefault(e => e.Path == path && e.Holds(text)) is { } found)
                    return found;
                arrival = _arrival.Task;
            }

            try
            {
                await arrival.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                lock (_lock)
                    Assert.Fail($"No export to {path} holding '{text}' within {timeout}; received: {string.Join(", ", _received.Select(e => $"{e.Method} {e.Path}"))}");
            }
        }
    }

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

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            context.Response.StatusCode = (int)HttpStatusCode.OK;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
            lock (_lock)
            {
                _received.Add(new OtlpExport(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
                _arrival.TrySetResult();
                _arrival = NewSignal();
            }
        }
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }
}

/// <summary>One request the collector stand-in received.</summary>
public sealed record OtlpExport(string Method, string Path, string? ContentType, byte[] Body)
{
    public bool Holds(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
