using System.Data.Common;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Jobs.Worker.Persistence;
using Jobs.Worker.Validation;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests;

/// <summary>
/// Every bound of a job (<see cref="JobLimits"/>) is checked before anything is stored: a command past one faults
/// at once, naming the field, without a single retry; one at every bound is stored whole. On SQLite here; the same
/// cases run on PostgreSQL in the integration tests.
/// </summary>
public sealed class SubmitJobLimits_Specs : IAsyncLifetime
{
    readonly SagaTransactions _transactions = new();
    JobsTestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await JobsTestHost.StartAsync(runner: false, services: services =>
        services.ConfigureDbContext<SqliteJobsDbContext>(options => options.AddInterceptors(_transactions)));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(LimitCases.OverTheLimit), MemberType = typeof(LimitCases))]
    public async Task A_submission_past_a_bound_faults_at_once_naming_the_field_and_stores_nothing(string limit, string reason)
    {
        var before = _transactions.Started;

        var fault = await Assert.ThrowsAsync<RequestFaultException>(() =>
            _host.Client<SubmitJob>().GetResponse<JobSubmitted>(LimitCases.Command(limit, Guid.NewGuid()), Ct));

        var rejection = Assert.Single(fault.Fault!.Exceptions).InnerException!;
        Assert.Equal(typeof(InvalidJobException).FullName, rejection.ExceptionType);
        Assert.Equal(reason, rejection.Message);
        // One attempt: a retried command would open a transaction per attempt.
        Assert.Equal(1, _transactions.Started - before);
        Assert.Empty(await _host.AllJobsAsync());
    }

    [Fact]
    public async Task A_submission_at_every_bound_is_stored_whole()
    {
        var command = LimitCases.AtEveryLimit(Guid.NewGuid());

        await _host.SubmitAsync(command);

        var job = (await _host.FindAsync(command.JobId))!;
        Assert.Equal(command.StoreId, job.StoreId);
        Assert.Equal(command.RequestId, job.RequestId);
        Assert.Equal(command.Parameters, job.Parameters);
    }

    /// <summary>Counts the transactions the saga's repository begins, one per attempt at a message.</summary>
    sealed class SagaTransactions : DbTransactionInterceptor
    {
        int _started;

        public int Started => Volatile.Read(ref _started);

        public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
            CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _started);
            return ValueTask.FromResult(result);
        }
    }
}
