using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Jobs.Tests.Telemetry;

/// <summary>
/// A logger provider that keeps every line with the properties of its scopes, as a structured sink (the JSON console
/// format with scopes) would write them: the host's scopes, the activity's <c>TraceId</c> and <c>SpanId</c> among them.
/// </summary>
public sealed class TracesLogRecorder : ILoggerProvider, ISupportExternalScope
{
    readonly ConcurrentQueue<LoggedLine> _lines = new();
    IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LoggedLine> Lines => [.. _lines];

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    sealed class Logger(TracesLogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull =>
            recorder._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new Dictionary<string, object?>();
            recorder._scopes.ForEachScope((scope, into) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> properties)
                {
                    foreach (var (key, value) in properties)
                        into[key] = value;
                }
            }, scopes);
            recorder._lines.Enqueue(new LoggedLine(category, formatter(state, exception), scopes));
        }
    }
}

/// <summary>One line logged, with the properties of the scopes it was logged in.</summary>
public sealed record LoggedLine(string Category, string Message, IReadOnlyDictionary<string, object?> Scopes)
{
    public string? Scope(string name) => Scopes.TryGetValue(name, out var value) ? value?.ToString() : null;
}
