using System.Threading.Channels;
using Jobs.Contracts;
using MassTransit;

namespace Jobs.Tests.Support;

/// <summary>
/// A handler service's queue on the in-memory bus, played by the spec: each <see cref="RunJob"/> Jobs sends to it is
/// kept for the spec to take, and the spec reports on the run as a handler would, to the run's <see cref="RunJob.ReportTo"/>.
/// </summary>
public sealed class RemoteHandlerQueue
{
    readonly Channel<ConsumeContext<RunJob>> _received = Channel.CreateUnbounded<ConsumeContext<RunJob>>();
    readonly IBus _bus;

    RemoteHandlerQueue(IBus bus) => _bus = bus;

    public static async Task<RemoteHandlerQueue> ConnectAsync(IBus bus, string queue)
    {
        var handler = new RemoteHandlerQueue(bus);
        var endpoint = bus.ConnectReceiveEndpoint(queue, e => e.Handler<RunJob>(c => handler._received.Writer.WriteAsync(c).AsTask()));
        await endpoint.Ready;
        return handler;
    }

    /// <summary>The next <see cref="RunJob"/>, with its envelope; the spec fails if none comes within 30 seconds.</summary>
    public async Task<ConsumeContext<RunJob>> NextAsync()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            return await _received.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail("No RunJob arrived within 30 seconds.");
            throw;
        }
    }

    /// <summary>True when a <see cref="RunJob"/> has arrived that the spec has not taken.</summary>
    public bool HasWaiting => _received.Reader.TryPeek(out _);

    public Task HeartbeatAsync(RunJob run, JobProgress? progress = null, int? attempt = null, Guid? runId = null) =>
        ReportAsync(run, new JobHeartbeat { JobId = run.JobId, Attempt = attempt ?? run.Attempt, RunId = runId ?? run.RunId, Progress = progress });

    /// <summary>Reports the run's outcome as a request, so that the spec knows when the saga has handled it.</summary>
    public async Task<JobSnapshot> CompleteAsync(JobCompleted outcome, Uri reportTo)
    {
        var client = _bus.CreateRequestClient<JobCompleted>(reportTo, RequestTimeout.After(m: 2));
        return (await client.GetResponse<JobCompletionRecorded>(outcome, TestContext.Current.CancellationToken)).Message.Job;
    }

    public Task<JobSnapshot> CompleteAsync(RunJob run, bool succeeded = true, params string[] errors) =>
        CompleteAsync(new JobCompleted
        {
            JobId = run.JobId,
            Attempt = run.Attempt,
            RunId = run.RunId,
            Succeeded = succeeded,
            Errors = [.. errors.Select(e => new JobError(Guid.Empty, e))],
        }, run.ReportTo);

    async Task ReportAsync<T>(RunJob run, T report)
        where T : class
    {
        var endpoint = await _bus.GetSendEndpoint(run.ReportTo);
        await endpoint.Send(report, TestContext.Current.CancellationToken);
    }
}
