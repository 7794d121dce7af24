using System.Text;
using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.Running;
using MassTransit;
using RabbitMQ.Client;

namespace Jobs.IntegrationTests;

/// <summary>Failing jobs and bad input, on real RabbitMQ and PostgreSQL: each is contained, the line goes on.</summary>
public sealed class Failure_Specs(TestServices services)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failing_handler_records_its_errors_and_the_next_job_starts()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        await using var worker = await WorkerHost.StartAsync(environment, new ScriptedJobs());
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);
        var (failing, next) = (Guid.NewGuid(), Guid.NewGuid());

        // One after the other, as requests, so that the failing job is first in line.
        await client.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob
        {
            JobId = failing,
            JobType = JobTypes.ProductImport,
            Parameters = new Dictionary<string, string>
            {
                [JobParameters.FileLocation] = "https://files.example/products.csv",
                ["behavior"] = "fail:data.attributes.sku: Must be unique amongst products.",
            },
        }, Ct);
        await client.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob { JobId = next, JobType = JobTypes.ProductExport }, Ct);

        var failed = await database.WaitForStatusAsync(failing, JobStatuses.Failed);
        Assert.Equal("data.attributes.sku: Must be unique amongst products.", Assert.Single(failed.Errors).Message);
        var succeeded = await database.WaitForStatusAsync(next, JobStatuses.Success);
        Assert.True(succeeded.StartedAt >= failed.CompletedAt);
    }

    [Fact]
    public async Task An_invalid_submission_faults_to_its_sender_and_stores_nothing()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        await using var worker = await WorkerHost.StartAsync(environment, new ScriptedJobs());
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);

        var fault = await Assert.ThrowsAsync<RequestFaultException>(() =>
            client.Client<SubmitJob>().GetResponse<JobSubmitted>(new SubmitJob { JobId = Guid.NewGuid(), JobType = "catalog-wipe" }, Ct));

        Assert.Contains("jobType 'catalog-wipe' is not a job type", Assert.Single(fault.Fault!.Exceptions).InnerException!.Message, StringComparison.Ordinal);
        Assert.Empty(await database.AllJobsAsync());
        Assert.Equal(1u, await MessageCountAsync(environment, $"{JobEndpoints.JobState}_error", expected: 1));
    }

    [Fact]
    public async Task Malformed_and_unknown_messages_are_set_aside_and_the_line_goes_on()
    {
        var environment = await services.NewEnvironmentAsync();
        var database = new JobsDatabase(environment["ConnectionStrings:Jobs"]!);
        await using var worker = await WorkerHost.StartAsync(environment, new ScriptedJobs());
        await using var client = await ClientBus.StartAsync(environment["ConnectionStrings:RabbitMq"]!);

        await PublishRawAsync(environment, JobEndpoints.JobState, "{\"messageType\": [\"urn:message:Jobs.Contracts:SubmitJob\"], \"message\": {");
        await PublishRawAsync(environment, JobEndpoints.JobState,
            """{"messageId":"0b1b7c6e-0000-0000-0000-000000000001","messageType":["urn:message:Acme:ReindexCatalog"],"message":{}}""");
        var jobId = Guid.NewGuid();
        await client.Bus.Publish(new SubmitJob { JobId = jobId, JobType = JobTypes.ProductExport }, Ct);

        await database.WaitForStatusAsync(jobId, JobStatuses.Success);
        Assert.Equal(1u, await MessageCountAsync(environment, $"{JobEndpoints.JobState}_error", expected: 1));
        Assert.Equal(1u, await MessageCountAsync(environment, $"{JobEndpoints.JobState}_skipped", expected: 1));
    }

    static async Task PublishRawAsync(IDictionary<string, string?> environment, string queue, string body)
    {
        await using var connection = await Connect(environment);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
        await channel.BasicPublishAsync("", queue, mandatory: false, properties, Encoding.UTF8.GetBytes(body), Ct);
    }

    /// <summary>Polls a queue's depth until it reaches <paramref name="expected"/> or a deadline passes; returns the last depth.</summary>
    static async Task<uint> MessageCountAsync(IDictionary<string, string?> environment, string queue, uint expected)
    {
        await using var connection = await Connect(environment);
        uint count = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            // A failed passive declare closes its channel, so every poll gets a channel of its own.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
            try
            {
                count = (await channel.QueueDeclarePassiveAsync(queue, Ct)).MessageCount;
                if (count >= expected)
                    return count;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // Not declared yet: MassTransit creates the error and skipped queues on first use.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), Ct);
        }

        return count;
    }

    static Task<IConnection> Connect(IDictionary<string, string?> environment) =>
        new ConnectionFactory { Uri = new Uri(environment["ConnectionStrings:RabbitMq"]!) }.CreateConnectionAsync(Ct);
}
