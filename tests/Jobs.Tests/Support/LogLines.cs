using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Jobs.Tests.Support;

/// <summary>Every line logged, formatted: a logger provider a spec adds to see what a process says.</summary>
public sealed class LogLines : ILoggerProvider, ILogger
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
