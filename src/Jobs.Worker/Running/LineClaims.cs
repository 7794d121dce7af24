using System.Data;
using Jobs.Worker.Options;
using Jobs.Worker.Persistence;
using Jobs.Worker.SagaRepository;
using Jobs.Worker.StateMachines;
using MassTransit;
using JobStateMachine = Jobs.Worker.StateMachines.JobStateMachine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Running;

/// <summary>
/// Claims on store lines (docs/design.md, "Lines and slots"). A line with work and no live claim is claimable;
/// of those, the line served longest ago is claimed first, so that slots go round the stores. A claim lasts a
/// lease, renewed while its runner lives; a crashed runner's claims run out and other runners take the lines.
/// </summary>
sealed class LineClaims(IServiceScopeFactory scopes, IOptions<JobRunnerOptions> options, TimeProvider clock)
{
    /// <summary>The claimable line served longest ago: only each store's line is a candidate, never its jobs.</summary>
    const string NextClaimable = """
        SELECT * FROM job_lines
        WHERE (has_work OR claim_id IS NOT NULL) AND (claim_expires_at IS NULL OR claim_expires_at <= {0})
        ORDER BY last_served_at LIMIT 1
        """;

    TimeSpan Lease => options.Value.LeaseDuration;

    DateTime Now => JobStateMachine.Now(clock);

    /// <summary>Claims the claimable line served longest ago, or answers null when no line is claimable.</summary>
    public async Task<LineClaim?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var now = Now;
        // Lines another runner is claiming right now are skipped, not waited for (SQLite has one writer at a time).
        var candidates = await db.Set<StoreLine>()
            .FromSqlRaw(db.HasRowLocks() ? NextClaimable + " FOR UPDATE SKIP LOCKED" : NextClaimable, now)
            .AsTracking()
            .ToListAsync(cancellationToken);
        if (candidates is not [var line])
            return null;

        line.ClaimId = NewId.NextGuid();
        line.ClaimExpiresAt = now + Lease;
        line.LastServedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new LineClaim(line.StoreId, line.ClaimId.Value);
    }

    /// <summary>True when some line is claimable: a sweep wakes the runners if so.</summary>
    public Task<bool> AnyClaimableAsync(CancellationToken cancellationToken) => AnyClaimableAsync(exceptStore: null, cancellationToken);

    /// <summary>True when a line other than the claimed one is waiting for a runner: the claim is then given up after each job.</summary>
    public Task<bool> OthersWaitingAsync(LineClaim claim, CancellationToken cancellationToken) => AnyClaimableAsync(claim.StoreId, cancellationToken);

    /// <summary>What <see cref="NextClaimable"/> selects, as a query: work or a claim, and no live claim. Compiled once: every runner asks it after every job.</summary>
    static readonly Func<JobsDbContext, string?, DateTime, CancellationToken, Task<bool>> AnyClaimable = EF.CompileAsyncQuery(
        (JobsDbContext db, string? exceptStore, DateTime now, CancellationToken _) => db.Set<StoreLine>().Any(x => x.StoreId != exceptStore
            && (x.HasWork || x.ClaimId != null) && (x.ClaimExpiresAt == null || x.ClaimExpiresAt <= now)));

    async Task<bool> AnyClaimableAsync(string? exceptStore, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        return await AnyClaimable(db, exceptStore, Now, cancellationToken);
    }

    /// <summary>Extends the claim by a lease; false when it was lost (it ran out and another runner took the line).</summary>
    public async Task<bool> RenewAsync(LineClaim claim, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        var until = Now + Lease;
        return await Held(db, claim).ExecuteUpdateAsync(u => u.SetProperty(x => x.ClaimExpiresAt, until), cancellationToken) == 1;
    }

    /// <summary>Gives the line up: the next free slot, here or in another worker, may claim it.</summary>
    public async Task ReleaseAsync(LineClaim claim, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        await Held(db, claim).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.ClaimId, (Guid?)null)
            .SetProperty(x => x.ClaimExpiresAt, (DateTime?)null), cancellationToken);
    }

    /// <summary>
    /// Gives the line up, and marks it as having no work, when it has no unfinished job; false when a job arrived
    /// meanwhile and the claim is kept. The line is held first: a submission in flight commits before the
    /// line is looked at, so no job is left in a line marked empty. True also, changing nothing, when the claim was
    /// lost meanwhile: the line is another runner's now.
    /// </summary>
    public async Task<bool> ReleaseIfEmptyAsync(LineClaim claim, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await db.HoldAsync(claim.StoreId, cancellationToken);
        var line = await db.LockAsync(claim.StoreId, cancellationToken);
        // Answering false here would send the runner straight back to look at the line, again and again, until the
        // claim's heartbeat (a third of a lease away) noticed the loss: a loop taking the line's lock at full speed.
        if (line.ClaimId != claim.ClaimId)
            return true;
        var unfinished = await db.Jobs.AnyAsync(x => x.StoreId == claim.StoreId
            && (x.CurrentState == StatusNames.PendingState || x.CurrentState == StatusNames.StartedState), cancellationToken);
        if (unfinished)
            return false;

        line.HasWork = false;
        line.ClaimId = null;
        line.ClaimExpiresAt = null;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Gives the line up until <paramref name="until"/>: its head is held by a run elsewhere, whose lease lasts
    /// till then. The line keeps its work, so that it is claimed again when that lease has run out.
    /// </summary>
    public async Task ParkAsync(LineClaim claim, DateTime until, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        await Held(db, claim).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.HasWork, true)
            .SetProperty(x => x.ClaimId, (Guid?)null)
            .SetProperty(x => x.ClaimExpiresAt, until), cancellationToken);
    }

    static IQueryable<StoreLine> Held(JobsDbContext db, LineClaim claim) =>
        db.Set<StoreLine>().Where(x => x.StoreId == claim.StoreId && x.ClaimId == claim.ClaimId);
}
