using System.Data.Common;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests;

/// <summary>
/// Nobody hears of a change that could still roll back: when the saga's commit fails and the command is retried,
/// the attempt that rolled back leaves no event and no reply behind, on the bus and on the runner's in-process path.
/// </summary>
public sealed class AfterCommit_Specs : IAsyncLifetime
{
    readonly RefusedCommits _refused = new();
    JobsTestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await JobsTestHost.StartAsync(runner: false, services: services =>
        services.ConfigureDbContext<SqliteJobsDbContext>(options => options.AddInterceptors(_refused)));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cancel_whose_first_commit_fails_is_answered_and_announced_once()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        _refused.RefuseNext(1);

        var response = await _host.Client<CancelJob>().GetResponse<JobCancelled, JobNotCancellable, JobNotFound>(new CancelJob(jobId), Ct);

        Assert.True(response.Is(out Response<JobCancelled>? _));
        Assert.Equal(1, _refused.Refused);
        Assert.Equal(JobStatuses.Cancelled, StatusNames.Status((await _host.FindAsync(jobId))!.CurrentState));
        await _host.Harness.InactivityTask;
        Assert.Single(_host.Harness.Published.Select<JobCancelled>(Ct), x => x.Context.Message.Job.JobId == jobId);
        Assert.Single(_host.Harness.Sent.Select<JobCancelled>(Ct), x => x.Context.Message.Job.JobId == jobId);
    }

    [Fact]
    public async Task A_start_whose_first_commit_fails_is_announced_once_with_the_attempt_that_committed()
    {
        var jobId = Guid.NewGuid();
        await _host.SubmitAsync(jobId);
        _refused.RefuseNext(1);

        var response = await _host.RunnerClient<StartJob>()
            .GetResponse<JobStarted>(new StartJob(jobId, Guid.NewGuid(), TimeSpan.FromMinutes(5)), Ct);

        Assert.Equal(1, _refused.Refused);
        Assert.Equal(1, response.Message.Job.Attempt);
        Assert.Equal(1, (await _host.FindAsync(jobId))!.Attempt);
        await _host.Harness.InactivityTask;
        var announced = Assert.Single(_host.Harness.Published.Select<JobStarted>(Ct), x => x.Context.Message.Job.JobId == jobId);
        Assert.Equal(response.Message.Job.StartedAt, announced.Context.Message.Job.StartedAt);
    }

    /// <summary>Makes the next commits fail, as a database that goes away at the wrong moment would.</summary>
    sealed class RefusedCommits : DbTransactionInterceptor
    {
        int _toRefuse;
        int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public void RefuseNext(int commits) => Volatile.Write(ref _toRefuse, commits);

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            for (var left = Volatile.Read(ref _toRefuse); left > 0; left = Volatile.Read(ref _toRefuse))
            {
                if (Interlocked.CompareExchange(ref _toRefuse, left - 1, left) != left)
                    continue;
                Interlocked.Increment(ref _refused);
                throw new InvalidOperationException("The test refused this commit.");
            }

            return ValueTask.FromResult(result);
        }
    }
}
