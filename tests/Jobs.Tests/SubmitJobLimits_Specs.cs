using System.Collections.Concurrent;
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
    readonly JobLookups _lookups = new();
    JobsTestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await JobsTestHost.StartAsync(runner: false, services: services =>
        services.ConfigureDbContext<SqliteJobsDbContext>(options => options.AddInterceptors(_lookups)));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(LimitCases.OverTheLimit), MemberType = typeof(LimitCases))]
    public async Task A_submission_past_a_bound_faults_at_once_naming_the_field_and_stores_nothing(string limit, string reason)
    {
        var jobId = Guid.NewGuid();

        var fault = await Assert.ThrowsAsync<RequestFaultException>(() =>
            _host.Client<SubmitJob>().GetResponse<JobSubmitted>(LimitCases.Command(limit, jobId), Ct));

        var rejection = Assert.Single(fault.Fault!.Exceptions).InnerException!;
        Assert.Equal(typeof(InvalidJobException).FullName, rejection.ExceptionType);
        Assert.Equal(reason, rejection.Message);
        // One attempt: a retried command would look its job up once per attempt.
        Assert.Equal(1, _lookups.Of(jobId));
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

    /// <summary>
    /// Counts, per job id, the statements that read the <c>jobs</c> table with that id: the saga's repository loads the
    /// job once per attempt at a message, and nothing else reads a job that was never stored.
    /// </summary>
    sealed class JobLookups : DbCommandInterceptor
    {
        readonly ConcurrentDictionary<string, int> _lookups = new(StringComparer.OrdinalIgnoreCase);

        public int Of(Guid jobId) => _lookups.GetValueOrDefault(jobId.ToString());

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"jobs\"", StringComparison.Ordinal))
            {
                foreach (DbParameter parameter in command.Parameters)
                {
                    if (parameter.Value is { } value && Guid.TryParse(value.ToString(), out var id))
                        _lookups.AddOrUpdate(id.ToString(), 1, (_, n) => n + 1);
                }
            }

            return ValueTask.FromResult(result);
        }
    }
}
