using System.Text.Json;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Outbox;
using Jobs.Worker.Persistence;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests;

/// <summary>
/// A pass takes only a job's first waiting message; one behind it, committed before the pass began, is sent by a pass
/// that follows at once because the first one found it waiting, not by the next poll (an hour away here).
/// </summary>
public sealed class OutboxFollowUp_Specs
{
    readonly PublishRefusals _published = new();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_jobs_second_message_waiting_behind_its_first_goes_out_without_waiting_for_the_poll()
    {
        await using var host = await JobsTestHost.StartAsync(runner: false,
            settings: new Dictionary<string, string?> { ["Jobs:Outbox:PollInterval"] = "00:10:00" },
            services: services => services.AddPublishObserver(_ => _published));
        var job = new JobSnapshot { JobId = Guid.NewGuid(), JobType = JobTypes.All.First(), Status = JobStatuses.Started, StoreId = "default" };
        await using (var scope = host.Services.CreateAsyncScope())
        {
            // Both committed together, and nobody wakes the delivery for them: only the wake below does, once.
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            db.OutboxMessages.AddRange(Row(new JobStarted(job)), Row(new JobSucceeded(job with { Status = JobStatuses.Success })));
            await db.SaveChangesAsync(Ct);
        }

        host.Services.GetRequiredService<OutboxDelivery>().Wake();

        await Eventually.HoldsAsync(() => _published.Sent.Count(x => x.JobId == job.JobId) == 2, TimeSpan.FromSeconds(30),
            () => "both of the job's messages to be sent");
        Assert.Equal([typeof(JobStarted), typeof(JobSucceeded)], _published.Sent.Where(x => x.JobId == job.JobId).Select(x => x.Type));

        OutboxMessage Row<T>(T message)
            where T : class => new()
        {
            MessageId = NewId.NextGuid(),
            JobId = job.JobId,
            MessageType = OutboxMessageTypes.NameOf(typeof(T)),
            Body = JsonSerializer.Serialize(message, SystemTextJsonMessageSerializer.Options),
            Durable = true,
            RecordedAt = DateTime.UtcNow,
        };
    }
}
