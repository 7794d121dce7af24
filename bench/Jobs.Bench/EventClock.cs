using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Jobs.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Jobs.Bench;

/// <summary>
/// When each job's start and completion were recorded, to the microsecond, and how long their events took to reach a
/// subscriber. The saga writes <c>JobStarted</c> and <c>JobSucceeded</c> to the outbox in the transaction that records
/// the change, stamped with its time (<see cref="JobMessageHeaders.RecordedAt"/>); the outbox delivery sends them after
/// the commit, so their MassTransit send time is the delivery's, not the commit's. (The jobs table keeps milliseconds,
/// the precision of the API.)
/// </summary>
/// <remarks>
/// The clock subscribes as a real subscriber would, through a durable queue of its own, acknowledging each message once
/// handled: the broker keeps the events as persistent messages in a durable queue, and confirms the outbox delivery's
/// sends only once they are on disk or acknowledged.
/// </remarks>
sealed class EventClock : IAsyncDisposable
{
    readonly ConcurrentDictionary<Guid, DateTime> _started = new();
    readonly ConcurrentDictionary<Guid, DateTime> _succeeded = new();
    readonly ConcurrentQueue<(Guid JobId, double Ms)> _latenciesMs = new();
    readonly string _queue = $"jobs-bench-clock-{Guid.NewGuid():N}";
    IConnection _connection = null!;
    IChannel _channel = null!;

    public int Succeeded => _succeeded.Count;

    public static async Task<EventClock> StartAsync(string rabbitMqUri)
    {
        var clock = new EventClock();
        clock._connection = await new ConnectionFactory { Uri = new Uri(rabbitMqUri) }.CreateConnectionAsync();
        clock._channel = await clock._connection.CreateChannelAsync();
        await clock._channel.QueueDeclareAsync(clock._queue, durable: true, exclusive: false, autoDelete: false);
        foreach (var exchange in new[] { "Jobs.Contracts:JobStarted", "Jobs.Contracts:JobSucceeded" })
        {
            await clock._channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
            await clock._channel.QueueBindAsync(clock._queue, exchange, "");
        }

        var consumer = new AsyncEventingBasicConsumer(clock._channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var received = DateTime.UtcNow;
            clock.Record(delivery.Body, received);
            await clock._channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await clock._channel.BasicConsumeAsync(clock._queue, autoAck: false, consumer);
        return clock;
    }

    /// <summary>
    /// Over the jobs after the first <paramref name="warmUp"/> to start: jobs per second from the first start to the last
    /// completion, the gaps between one completion and the next start, and for each JobStarted and JobSucceeded its
    /// receipt here minus its recorded time (commit-to-event latency), all in ms.
    /// </summary>
    public (double JobsPerSecond, List<double> GapsMs, List<double> CommitToEventMs) Measure(int warmUp)
    {
        var runs = _started.Select(s => (JobId: s.Key, Started: s.Value, Completed: _succeeded[s.Key])).OrderBy(r => r.Started).Skip(warmUp).ToList();
        var span = runs.Max(r => r.Completed) - runs[0].Started;
        var gaps = runs.Zip(runs.Skip(1), (a, b) => (b.Started - a.Completed).TotalMilliseconds).ToList();
        var measured = runs.Select(r => r.JobId).ToHashSet();
        var latencies = _latenciesMs.Where(l => measured.Contains(l.JobId)).Select(l => l.Ms).ToList();
        return (runs.Count / span.TotalSeconds, gaps, latencies);
    }

    /// <remarks>
    /// MassTransit puts a message's headers both in the AMQP properties (as bytes) and in its JSON envelope (as
    /// strings); the envelope's are read, from the same document as the job and the message type.
    /// </remarks>
    void Record(ReadOnlyMemory<byte> body, DateTime received)
    {
        using var envelope = JsonDocument.Parse(body);
        var root = envelope.RootElement;
        var recorded = DateTime.Parse(root.GetProperty("headers").GetProperty(JobMessageHeaders.RecordedAt).GetString()!,
            CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();
        var jobId = root.GetProperty("message").GetProperty("job").GetProperty("jobId").GetGuid();
        var type = root.GetProperty("messageType")[0].GetString()!;
        (type.EndsWith(":JobStarted", StringComparison.Ordinal) ? _started : _succeeded)[jobId] = recorded;
        _latenciesMs.Enqueue((jobId, (received - recorded).TotalMilliseconds));
    }

    /// <summary>Deletes the queue, which no one reads after the run.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.QueueDeleteAsync(_queue);
        }
        finally
        {
            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
