using System.Collections.Concurrent;
using Jobs.Tests.Support;
using Jobs.Worker.Retention;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jobs.Tests.Retention;

/// <summary>
/// What retention logged: its messages, and each pass's summary as the figures it logged (how many jobs, the cutoff,
/// how many batches). A pass logs its summary once it has ended, so a summary is the sign that a pass is over.
/// </summary>
public sealed class RetentionLog : ILoggerProvider
{
    /// <summary>The category retention logs under, for a setting that lets its debug lines (empty passes) through.</summary>
    public static readonly string Category = typeof(JobRetention).FullName!;

    readonly ConcurrentQueue<string> _messages = new();
    readonly ConcurrentQueue<Pass> _passes = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public IReadOnlyList<Pass> Passes => [.. _passes];

    /// <summary>Waits for the summary of a pass whose cutoff was later than <paramref name="cutoff"/>, and answers it.</summary>
    public async Task<Pass> PassAsync(DateTimeOffset cutoff, TimeSpan? timeout = null)
    {
        await Eventually.HoldsAsync(() => _passes.Any(p => p.Cutoff > cutoff.UtcDateTime), timeout ?? TimeSpan.FromSeconds(30),
            () => $"a retention pass with a cutoff later than {cutoff:O} to end; passes so far: {string.Join("; ", _passes)}");
        return _passes.First(p => p.Cutoff > cutoff.UtcDateTime);
    }

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? new Recorder(this) : NullLogger.Instance;

    public void Dispose()
    {
    }

    /// <summary>One pass's summary.</summary>
    public sealed record Pass(int Deleted, DateTime Cutoff, int Batches);

    sealed class Recorder(RetentionLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            log._messages.Enqueue(formatter(state, exception));
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
                return;
            var figures = values.ToDictionary(v => v.Key, v => v.Value);
            if (figures.TryGetValue("Deleted", out var deleted) && figures.TryGetValue("Cutoff", out var cutoff) && figures.TryGetValue("Batches", out var batches))
                log._passes.Enqueue(new Pass((int)deleted!, (DateTime)cutoff!, (int)batches!));
        }
    }
}
