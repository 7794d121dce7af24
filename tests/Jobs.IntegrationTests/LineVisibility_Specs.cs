using Jobs.Contracts;
using Jobs.IntegrationTests.Infrastructure;
using Jobs.Tests.Support;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.IntegrationTests;

/// <summary>
/// Submissions to one store on PostgreSQL run side by side, and still no job ever appears in a line behind one a runner
/// has read as its head: a submission holds its store's line shared from before it takes its place until it commits,
/// and a runner holds the line exclusively for the instant it reads the head. Each spec holds a submission in flight
/// by keeping its transaction open, the way a slow commit would.
/// </summary>
public sealed class LineVisibility_Specs(TestServices services) : IAsyncLifetime
{
    const string Store = "visibility";
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    string _connectionString = "";

    public async ValueTask InitializeAsync()
    {
        _connectionString = await services.Postgres.CreateDatabaseAsync();
        await using var db = Open();
        await db.Database.MigrateAsync(Ct);
        // A line that already has work, as in a burst: a submission to a new store creates its line's row, and one to a
        // line marked empty marks it, each under that row's lock, which a second submission in flight would wait for.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO job_lines (store_id, last_sequence, last_created_at, has_work, last_served_at) VALUES ({Store}, 0, {DateTime.UnixEpoch}, {true}, {DateTime.UnixEpoch})", Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_submission_commits_while_an_earlier_one_to_its_store_is_still_in_flight()
    {
        await using var first = await SubmissionInFlightAsync();
        await using var second = await SubmissionInFlightAsync(otherStripeThan: first);

        // With submissions taking a store-wide row lock (or one count row) until commit, this would wait for the first.
        await second.CommitAsync();

        Assert.True(first.Place.CreatedAt < second.Place.CreatedAt
            || (first.Place.CreatedAt == second.Place.CreatedAt && first.Place.Sequence < second.Place.Sequence));
        Assert.Equal([second.JobId], await PendingIdsAsync());
        await first.CommitAsync();
        Assert.Equal([first.JobId, second.JobId], await PendingIdsAsync());
    }

    [Fact]
    public async Task The_head_is_read_only_once_every_submission_that_took_an_earlier_place_has_committed()
    {
        await using var earlier = await SubmissionInFlightAsync();
        await using var later = await SubmissionInFlightAsync(otherStripeThan: earlier);
        await later.CommitAsync();
        await using var provider = Services();
        var reader = new LineReader(provider.GetRequiredService<IServiceScopeFactory>());

        var head = reader.FindHeadAsync(Store, Ct);
        await WaitForAWaitingLineLockAsync();
        Assert.False(head.IsCompleted, "the head was read while a submission with an earlier place was in flight");

        await earlier.CommitAsync();
        Assert.Equal(earlier.JobId, (await head)?.CorrelationId);
    }

    [Fact]
    public async Task The_job_behind_a_started_one_is_read_only_once_every_earlier_submission_has_committed()
    {
        await using (var ahead = await SubmissionInFlightAsync())
            await ahead.CommitAsync();
        var aheadId = (await PendingIdsAsync()).Single();
        await using var earlier = await SubmissionInFlightAsync();
        await using var later = await SubmissionInFlightAsync(otherStripeThan: earlier);
        await later.CommitAsync();
        await using var provider = Services();
        var reader = new LineReader(provider.GetRequiredService<IServiceScopeFactory>());
        var aheadSequence = (await new JobsDatabase(_connectionString).FindAsync(aheadId))!.Sequence;

        var behind = reader.FindPendingAfterAsync(Store, aheadSequence, Ct);
        await WaitForAWaitingLineLockAsync();
        Assert.False(behind.IsCompleted, "the job behind was read while a submission with an earlier place was in flight");

        await earlier.CommitAsync();
        Assert.Equal(earlier.JobId, (await behind)?.CorrelationId);
    }

    PostgresJobsDbContext Open() => new(new DbContextOptionsBuilder<PostgresJobsDbContext>()
        .UseNpgsql(_connectionString, o => o.MigrationsHistoryTable(PostgresJobsDbContext.MigrationsHistoryTable)).Options);

    ServiceProvider Services()
    {
        var collection = new ServiceCollection();
        collection.AddDbContext<JobsDbContext, PostgresJobsDbContext>(o => o.UseNpgsql(_connectionString));
        return collection.BuildServiceProvider();
    }

    /// <summary>
    /// A submission as the saga makes it (place, then the job's row), left uncommitted. With <paramref name="otherStripeThan"/>,
    /// on a connection whose count stripe differs from that one's, so that the two never share a count row.
    /// </summary>
    async Task<Submission> SubmissionInFlightAsync(Submission? otherStripeThan = null)
    {
        var db = Open();
        await db.Database.OpenConnectionAsync(Ct);
        while (otherStripeThan is { } other && await StripeAsync(db) == other.Stripe)
        {
            await db.DisposeAsync();
            db = Open();
            await db.Database.OpenConnectionAsync(Ct);
        }

        var stripe = await StripeAsync(db);
        var transaction = await db.Database.BeginTransactionAsync(Ct);
        var place = await db.TakePlaceAsync(Store, TimeProvider.System, Ct);
        var job = new JobState
        {
            CorrelationId = Guid.NewGuid(),
            CurrentState = StatusNames.PendingState,
            StoreId = Store,
            JobType = JobTypes.ProductExport,
            RequestId = "visibility",
            Sequence = place.Sequence,
            CreatedAt = place.CreatedAt,
            UpdatedAt = place.CreatedAt,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(Ct);
        return new Submission(db, transaction, place, job.CorrelationId, stripe);
    }

    static async Task<int> StripeAsync(PostgresJobsDbContext db) =>
        (await db.Database.SqlQuery<int>($"SELECT pg_backend_pid() % {JobCountTriggers.Stripes} AS \"Value\"").ToListAsync(Ct)).Single();

    async Task<List<Guid>> PendingIdsAsync()
    {
        await using var db = Open();
        return await db.Jobs.AsNoTracking().Where(x => x.StoreId == Store && x.CurrentState == StatusNames.PendingState)
            .OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence).Select(x => x.CorrelationId).ToListAsync(Ct);
    }

    /// <summary>Polls PostgreSQL's lock table until some session waits for an advisory lock: the runner, held at the line.</summary>
    Task WaitForAWaitingLineLockAsync() =>
        Eventually.HoldsAsync(async () =>
        {
            await using var db = Open();
            return (await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").ToListAsync(Ct)).Single() > 0;
        }, TimeSpan.FromSeconds(30), () => "a read of the line to wait for the submission in flight");

    sealed record Submission(PostgresJobsDbContext Db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction Transaction, LinePlace Place, Guid JobId, int Stripe) : IAsyncDisposable
    {
        public Task CommitAsync() => Transaction.CommitAsync(Ct);

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Db.DisposeAsync();
        }
    }
}
