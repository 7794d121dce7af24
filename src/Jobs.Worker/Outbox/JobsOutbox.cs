using System.Diagnostics;
using System.Text.Json;
using Jobs.Worker.Persistence;
using Jobs.Worker.SagaRepository;
using Jobs.Worker.Telemetry;
using MassTransit;
using MassTransit.Serialization;

namespace Jobs.Worker.Outbox;

/// <summary>
/// Writes messages to the outbox in the DbContext of the message's scope, so that they are saved with the change
/// they announce and sent only once it has committed. After the commit, this process's delivery is woken at once.
/// </summary>
/// <remarks>Scoped: <paramref name="db"/> is the saga repository's DbContext and transaction.</remarks>
sealed class JobsOutbox(JobsDbContext db, AfterCommit afterCommit, OutboxDelivery delivery, TimeProvider clock)
{
    /// <summary>Publishes <paramref name="message"/> once the change commits, in order with the job's other messages.</summary>
    public void Publish<T>(T message, Guid? jobId, bool durable = true)
        where T : class =>
        Add(message, jobId, destination: null, requestId: null, durable);

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="destination"/> once the change commits, in order with the job's
    /// other messages: the answer to a request, or a command (a <c>RunJob</c>). One with <paramref name="expiresAt"/> is
    /// dropped if it cannot be sent by then, and expires from the broker's queue at that time.
    /// </summary>
    public void Send<T>(Uri destination, T message, Guid? requestId, Guid jobId, DateTime? expiresAt = null)
        where T : class =>
        Add(message, jobId, destination, requestId, durable: true, expiresAt);

    void Add<T>(T message, Guid? jobId, Uri? destination, Guid? requestId, bool durable, DateTime? expiresAt = null)
        where T : class
    {
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = NewId.NextGuid(),
            JobId = jobId,
            MessageType = OutboxMessageTypes.NameOf(typeof(T)),
            Body = JsonSerializer.Serialize(message, SystemTextJsonMessageSerializer.Options),
            DestinationAddress = destination,
            RequestId = requestId,
            Durable = durable,
            RecordedAt = clock.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt,
            // The change's trace (the saga's consume of the message that made it): the send after the commit joins it.
            TraceParent = TraceParents.Of(Activity.Current),
        });
        // Once per message would do; a second wake-up of the delivery costs nothing.
        afterCommit.Add(() =>
        {
            delivery.Wake();
            return Task.CompletedTask;
        });
    }
}
