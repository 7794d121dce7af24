using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace Jobs.TestHandler;

/// <summary>
/// JobHeartbeat and JobCompleted as the README shows them: a new messageId each, the run's jobId, attempt and runId,
/// published to the report exchange with an empty routing key, persistent, and awaited until the broker confirms them.
/// </summary>
sealed class Reports(IChannel channel) : IAsyncDisposable
{
    // A run's beats and its steps report from different tasks; one publication at a time keeps the channel simple.
    readonly SemaphoreSlim _publishing = new(1, 1);

    public Task HeartbeatAsync(RunJob run, int? percent = null, string? message = null) =>
        PublishAsync(run, "JobHeartbeat", percent is null ? [] : [new("progress", new JsonObject { ["percent"] = percent, ["message"] = message })]);

    public Task CompletedAsync(RunJob run, IReadOnlyList<string> errors) =>
        PublishAsync(run, "JobCompleted",
        [
            new("succeeded", errors.Count == 0),
            new("errors", new JsonArray([.. errors.Select(e => new JsonObject { ["message"] = e })])),
        ]);

    async Task PublishAsync(RunJob run, string type, IEnumerable<KeyValuePair<string, JsonNode?>> fields)
    {
        var message = new JsonObject { ["jobId"] = run.JobId.ToString(), ["attempt"] = run.Attempt, ["runId"] = run.RunId.ToString() };
        foreach (var (name, value) in fields)
            message[name] = value;
        var envelope = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(),
            ["messageType"] = new JsonArray($"urn:message:Jobs.Contracts:{type}"),
            ["message"] = message,
        };
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent };
        await _publishing.WaitAsync();
        try
        {
            await channel.BasicPublishAsync(run.ReportExchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        }
        finally
        {
            _publishing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        _publishing.Dispose();
    }
}
