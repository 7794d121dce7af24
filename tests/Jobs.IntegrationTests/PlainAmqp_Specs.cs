using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using MassTransit;
using RabbitMQ.Client;

namespace Jobs.IntegrationTests;

/// <summary>A service without MassTransit, publishing and reading the README's JSON with a plain AMQP client.</summary>
public sealed class PlainAmqp_Specs(TestServices services)
{
    const string Replies = "catalog-admin-replies";
    const string Events = "catalog-admin-events";
    const string SubmitJobFaults = "MassTransit:Fault--Jobs.Contracts:SubmitJob--";
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_readme_messages_submit_cancel_and_announce_jobs()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        var script = new ScriptedJobs();
        await using var worker = await WorkerHost.StartAsync(environment, script);
        await using var dotnetService = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        await using var connection = await new ConnectionFactory { Uri = new Uri(environment["ConnectionStrings:RabbitMq"]!) }.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        await channel.QueueDeclareAsync(Replies, durable: true, exclusive: false, autoDelete: false, cancellationToken: Ct);
        await channel.QueueDeclareAsync(Events, durable: true, exclusive: false, autoDelete: false, cancellationToken: Ct);
        await channel.ExchangeDeclareAsync("Jobs.Contracts:JobSucceeded", ExchangeType.Fanout, durable: true, cancellationToken: Ct);
        await channel.QueueBindAsync(Events, "Jobs.Contracts:JobSucceeded", "", cancellationToken: Ct);
        await channel.ExchangeDeclareAsync(SubmitJobFaults, ExchangeType.Fanout, durable: true, cancellationToken: Ct);
        await channel.QueueBindAsync(Events, SubmitJobFaults, "", cancellationToken: Ct);

        var invalid = WithJobId(Readme.Example("submit-job"), Guid.NewGuid());
        invalid["message"]!["jobType"] = "catalog-wipe";
        await PublishAsync(channel, "SubmitJob", invalid);
        var fault = await ReceiveAsync(channel, Events, m => m["message"]?["message"]?["jobId"]?.GetValue<string>() == invalid["message"]!["jobId"]!.GetValue<string>());
        Assert.Contains("jobType 'catalog-wipe' is not a job type", fault["message"]!["exceptions"]![0]!["innerException"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // A job that holds the documented store's line, so that the next ones stay pending long enough to be cancelled.
        var blocker = Guid.NewGuid();
        await dotnetService.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob
        {
            JobId = blocker,
            JobType = JobTypes.ProductExport,
            StoreId = Readme.Example("submit-job")["message"]!["storeId"]!.GetValue<string>(),
            Parameters = new Dictionary<string, string> { ["behavior"] = "block" },
        }, Ct);
        await script.StartedAsync(blocker);

        var (cancelled, cancelledByPublish, exported) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var jobId in new[] { cancelled, cancelledByPublish, exported })
            await PublishAsync(channel, "SubmitJob", WithJobId(Readme.Example("submit-job"), jobId));
        var pending = await database.WaitForStatusAsync(cancelled, JobStatuses.Pending);
        Assert.Equal("req-7f9c", pending.RequestId);
        Assert.Equal("eq(sku,shirt-blue)", pending.Parameters[JobParameters.Filter]);

        var request = WithJobId(Readme.Example("cancel-request"), cancelled);
        await PublishAsync(channel, "CancelJob", request);
        var reply = await ReceiveAsync(channel, Replies, m => m["requestId"]?.GetValue<string>() == request["requestId"]!.GetValue<string>());
        Assert.Equal("urn:message:Jobs.Contracts:JobCancelled", reply["messageType"]![0]!.GetValue<string>());
        Assert.Equal(JobStatuses.Cancelled, reply["message"]!["job"]!["status"]!.GetValue<string>());
        await database.WaitForStatusAsync(cancelled, JobStatuses.Cancelled);

        // The saga takes messages in parallel, so this job's submission may still be on its way; a cancel that
        // found no job would be dropped (it asks for no answer), leaving the job pending.
        await database.WaitForStatusAsync(cancelledByPublish, JobStatuses.Pending);
        await PublishAsync(channel, "CancelJob", WithJobId(Readme.Example("cancel-job"), cancelledByPublish));
        await database.WaitForStatusAsync(cancelledByPublish, JobStatuses.Cancelled);
        script.Release(blocker);
        await database.WaitForStatusAsync(exported, JobStatuses.Success);
        var announced = await ReceiveAsync(channel, Events, m => m["message"]!["job"]!["jobId"]!.GetValue<string>() == exported.ToString());
        var documented = Readme.Example("job-succeeded");
        Assert.Equal(documented["messageType"]!.ToJsonString(), announced["messageType"]!.ToJsonString());
        Assert.Equal(Keys(documented["message"]!["job"]!), Keys(announced["message"]!["job"]!));
        Assert.Equal(JobStatuses.Success, announced["message"]!["job"]!["status"]!.GetValue<string>());
        Assert.EndsWith("Z", announced["message"]!["job"]!["createdAt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(announced["messageId"]!.GetValue<string>(), out _));
        var recordedAt = DateTime.Parse(announced["headers"]![JobMessageHeaders.RecordedAt]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(DateTimeKind.Utc, recordedAt.Kind);
        Assert.InRange(recordedAt, DateTime.Parse(announced["message"]!["job"]!["completedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture,
            DateTimeStyles.RoundtripKind).AddSeconds(-1), DateTime.UtcNow);
        Assert.Equal([blocker, exported], script.Runs.Select(x => x.JobId));
    }

    static JsonObject WithJobId(JsonObject envelope, Guid jobId)
    {
        envelope["message"]!["jobId"] = jobId.ToString();
        envelope["messageId"] = Guid.NewGuid().ToString();
        if (envelope.ContainsKey("requestId"))
            envelope["requestId"] = Guid.NewGuid().ToString();
        return envelope;
    }

    static async Task PublishAsync(IChannel channel, string messageType, JsonObject envelope)
    {
        var exchange = $"Jobs.Contracts:{messageType}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, cancellationToken: Ct);
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(envelope.ToJsonString()), Ct);
    }

    static async Task<JsonObject> ReceiveAsync(IChannel channel, string queue, Func<JsonObject, bool> wanted)
    {
        JsonObject? found = null;
        await Eventually.HoldsAsync(async () =>
        {
            var delivery = await channel.BasicGetAsync(queue, autoAck: true, Ct);
            if (delivery is null)
                return false;
            var message = JsonNode.Parse(Encoding.UTF8.GetString(delivery.Body.Span))!.AsObject();
            found = wanted(message) ? message : null;
            return found is not null;
        }, TimeSpan.FromSeconds(30), () => $"a matching message on {queue}");
        return found!;
    }

    static List<string> Keys(JsonNode node) => node.AsObject().Select(x => x.Key).Order(StringComparer.Ordinal).ToList();
}
