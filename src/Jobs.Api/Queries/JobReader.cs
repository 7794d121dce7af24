using System.Linq.Expressions;
using Jobs.Worker.Persistence;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.Queries;

/// <summary>
/// Reads jobs for the API. The saga's table is the read model; the API never writes it.
/// </summary>
sealed class JobReader(JobsDbContext db)
{
    public Task<JobState?> FindAsync(Guid jobId, CancellationToken cancellationToken) =>
        db.Jobs.AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == jobId, cancellationToken);

    /// <summary>
    /// One page in the order asked for, and the total of the filtered list. Without a date bound the total
    /// is summed from <see cref="JobCount"/> (at most 25 rows, kept exact by triggers); with one, it is
    /// counted over the date's index, which reads only the matching entries.
    /// </summary>
    public async Task<(List<JobState> Page, long Total)> ListAsync(JobListQuery query, CancellationToken cancellationToken)
    {
        var jobs = Where(db.Jobs.AsNoTracking(), query.Filter);
        var total = query.Filter.Dates.Count == 0
            ? await CountFromCountersAsync(query.Filter, cancellationToken)
            : await jobs.LongCountAsync(cancellationToken);
        var ordered = query.OldestFirst
            ? jobs.OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence)
            : jobs.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Sequence);
        var page = await ordered.Skip(query.Paging.Offset).Take(query.Paging.Limit).ToListAsync(cancellationToken);
        return (page, total);
    }

    static IQueryable<JobState> Where(IQueryable<JobState> jobs, JobFilter filter)
    {
        if (filter.Statuses is { } statuses)
        {
            var stateNames = statuses.Select(StatusNames.StateName).ToList();
            jobs = jobs.Where(x => stateNames.Contains(x.CurrentState));
        }

        if (filter.Types is { } types)
        {
            var typeList = types.ToList();
            jobs = jobs.Where(x => typeList.Contains(x.JobType));
        }

        foreach (var bound in filter.Dates)
            jobs = jobs.Where(DatePredicate(bound));
        return jobs;
    }

    Task<long> CountFromCountersAsync(JobFilter filter, CancellationToken cancellationToken)
    {
        var counts = db.Counts.AsNoTracking();
        if (filter.Statuses is { } statuses)
        {
            var statusList = statuses.ToList();
            counts = counts.Where(x => statusList.Contains(x.Status));
        }

        if (filter.Types is { } types)
        {
            var typeList = types.ToList();
            counts = counts.Where(x => typeList.Contains(x.Type));
        }

        return counts.SumAsync(x => x.Count, cancellationToken);
    }

    static Expression<Func<JobState, bool>> DatePredicate(DateBound bound)
    {
        var at = bound.At;
        return (bound.Field, bound.Op) switch
        {
            ("created_at", "gt") => x => x.CreatedAt > at,
            ("created_at", "ge") => x => x.CreatedAt >= at,
            ("created_at", "lt") => x => x.CreatedAt < at,
            ("created_at", "le") => x => x.CreatedAt <= at,
            ("updated_at", "gt") => x => x.UpdatedAt > at,
            ("updated_at", "ge") => x => x.UpdatedAt >= at,
            ("updated_at", "lt") => x => x.UpdatedAt < at,
            ("updated_at", "le") => x => x.UpdatedAt <= at,
            _ => throw new ArgumentOutOfRangeException(nameof(bound), bound, "JobFilter admits no other bound."),
        };
    }
}
