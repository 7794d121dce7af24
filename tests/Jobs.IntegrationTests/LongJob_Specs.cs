using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Jobs.IntegrationTests;

/// <summary>
/// A job that outlives RabbitMQ's delivery acknowledgement timeout (shortened on the test broker) runs
/// once and the line goes on: the runner acknowledges its wake-up at once and holds the job by its lease.
/// </summary>
[Trait("Category", "Faults")]
public sealed class LongJob_Specs(TestServices services)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_longer_than_the_acknowledgement_timeout_completes_exactly_once()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        using var runs = new WorkerRuns();
        await using var worker = await ServiceProcess.StartTestWorkerAsync(environment, runs);
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var (longJob, next) = (Guid.NewGuid(), Guid.NewGuid());

        foreach (var (jobId, behavior) in new[] { (longJob, $"wait-file:{runs.ReleaseFile(longJob)}"), (next, "succeed") })
        {
            await client.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob
            {
                JobId = jobId,
                JobType = JobTypes.ProductExport,
                Parameters = new Dictionary<string, string> { ["behavior"] = behavior },
            }, Ct);
        }

        await Eventually.HoldsAsync(() => runs.Of(longJob).Count == 1, TimeSpan.FromSeconds(30), () => "the long job to start");
        // The broker really enforces its timeout: a consumer that sat on a delivery loses its channel. The probe takes
        // its delivery after the job started, so by the time it is timed out, the job has outlived the timeout too.
        await using var probe = await AcknowledgementTimeoutProbe.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        await Eventually.HoldsAsync(() => probe.ClosedBecause is not null, TimeSpan.FromMinutes(3), () => "the broker to time out the probe's delivery");
        Assert.Contains("PRECONDITION_FAILED", probe.ClosedBecause, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - runs.Of(longJob)[0].StartedAt > TestServices.ConsumerTimeout, "the job has not yet outlived the acknowledgement timeout");
        runs.Release(longJob);

        var finished = await database.WaitForStatusAsync(longJob, JobStatuses.Success);
        await database.WaitForStatusAsync(next, JobStatuses.Success);
        Assert.Equal(1, finished.Attempt);
        Assert.Single(runs.Of(longJob));
        Assert.DoesNotContain("PRECONDITION_FAILED", worker.Output, StringComparison.Ordinal);
    }

    /// <summary>A plain consumer that takes a delivery and never acknowledges it.</summary>
    sealed class AcknowledgementTimeoutProbe : IAsyncDisposable
    {
        IConnection _connection = null!;
        IChannel _channel = null!;

        public string? ClosedBecause { get; private set; }

        public static async Task<AcknowledgementTimeoutProbe> StartAsync(string uri)
        {
            var probe = new AcknowledgementTimeoutProbe();
            probe._connection = await new ConnectionFactory { Uri = new Uri(uri) }.CreateConnectionAsync(Ct);
            probe._channel = await probe._connection.CreateChannelAsync(cancellationToken: Ct);
            probe._channel.ChannelShutdownAsync += (_, args) =>
            {
                probe.ClosedBecause = args.ReplyText;
                return Task.CompletedTask;
            };
            await probe._channel.QueueDeclareAsync("ack-timeout-probe", durable: false, exclusive: true, autoDelete: true, cancellationToken: Ct);
            await probe._channel.BasicPublishAsync("", "ack-timeout-probe", "held"u8.ToArray(), Ct);
            var consumer = new AsyncEventingBasicConsumer(probe._channel);
            consumer.ReceivedAsync += (_, _) => Task.CompletedTask;
            await probe._channel.BasicConsumeAsync("ack-timeout-probe", autoAck: false, consumer, Ct);
            return probe;
        }

        public async ValueTask DisposeAsync()
        {
            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
