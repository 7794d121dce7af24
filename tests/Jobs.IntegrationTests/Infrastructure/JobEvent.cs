using System.Globalization;
using System.Text.Json.Nodes;
using Jobs.Contracts;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>One job event as a subscriber received it, read from MassTransit's JSON envelope.</summary>
/// <param name="MessageId">The envelope's message id, the same on every delivery of one message.</param>
/// <param name="Type">The event's type, its short name (<c>JobSucceeded</c>).</param>
/// <param name="JobId">The job the event is about.</param>
/// <param name="RecordedAt">The <c>Jobs-Recorded-At</c> header: when the change was recorded; null if it is missing.</param>
/// <param name="ProcessId">The process that published the event, from the envelope's <c>host</c>.</param>
public sealed record JobEvent(Guid MessageId, string Type, Guid JobId, DateTime? RecordedAt, int ProcessId)
{
    public static JobEvent Parse(JsonObject envelope)
    {
        var urn = envelope["messageType"]![0]!.GetValue<string>();
        var recordedAt = envelope["headers"]?[JobMessageHeaders.RecordedAt]?.GetValue<string>();
        return new JobEvent(
            Guid.Parse(envelope["messageId"]!.GetValue<string>()),
            urn[(urn.LastIndexOf(':') + 1)..],
            Guid.Parse(envelope["message"]!["job"]!["jobId"]!.GetValue<string>()),
            recordedAt is null ? null : DateTime.Parse(recordedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            envelope["host"]!["processId"]!.GetValue<int>());
    }
}
