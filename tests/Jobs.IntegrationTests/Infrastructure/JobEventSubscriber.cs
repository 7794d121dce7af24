using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// A subscriber to the job events as another service would be one: a durable queue of its own, bound to the events'
/// fanout exchanges (declared as MassTransit declares them), read with a plain AMQP client. Each call connects
/// afresh, so the subscriber outlives a broker restart; its queue and the persistent events on it survive one.
/// </summary>
public sealed class JobEventSubscriber
{
    static readonly string[] EventTypes = ["JobSubmitted", "JobStarted", "JobSucceeded", "JobFailed", "JobCancelled"];

    readonly ConnectionFactory _factory;
    readonly string _queue;

    JobEventSubscriber(string rabbitMqUri, string queue)
    {
        _factory = new ConnectionFactory { Uri = new Uri(rabbitMqUri) };
        _queue = queue;
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Declares <paramref name="queue"/> and its bindings; every event published from then on lands on it.</summary>
    public static async Task<JobEventSubscriber> SubscribeAsync(string rabbitMqUri, string queue)
    {
        var subscriber = new JobEventSubscriber(rabbitMqUri, queue);
        await using var connection = await subscriber._factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: Ct);
        foreach (var type in EventTypes)
        {
            var exchange = $"Jobs.Contracts:{type}";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, cancellationToken: Ct);
            await channel.QueueBindAsync(queue, exchange, "", cancellationToken: Ct);
        }

        return subscriber;
    }

    /// <summary>Takes every message the queue holds now, in the order the queue holds them.</summary>
    public async Task<ReceivedJobEvents> DrainAsync()
    {
        await using var connection = await _factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var received = new List<JobEvent>();
        while (await channel.BasicGetAsync(_queue, autoAck: true, Ct) is { } delivery)
            received.Add(JobEvent.Parse(JsonNode.Parse(delivery.Body.Span)!.AsObject()));
        return new ReceivedJobEvents(received);
    }
}
