using System.Linq.Expressions;
using Jobs.Api.Queries;
using Jobs.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.ReadModel;

/// <summary>
/// The API's queries over the jobs table, each within one store: a job of another store is not there for it. The API
/// never writes the table: changes go to the saga as commands.
/// </summary>
sealed class JobQueries(JobsReadDbContext db)
{
    static readonly Expression<Func<JobRecord, JobView>> ToView = x => new JobView
    {
        Id = x.Id,
        Type = x.Type,
        Status = x.Status,
        RequestId = x.RequestId,
        Parameters = x.Parameters,
        CreatedAt = x.CreatedAt,
        UpdatedAt = x.UpdatedAt,
        StartedAt = x.StartedAt,
        CompletedAt = x.CompletedAt,
        HierarchyId = x.HierarchyId,
        FileLocations = x.FileLocations,
        Progress = x.Progress,
    };

    public Task<JobView?> FindAsync(string storeId, Guid jobId, CancellationToken cancellationToken) =>
        db.Jobs.AsNoTracking().Where(x => x.Id == jobId && x.StoreId == storeId).Select(ToView).SingleOrDefaultAsync(cancellationToken);

    /// <summary>A job's errors in the order reported, or null when the store has no such job.</summary>
    public async Task<IReadOnlyList<JobError>?> ErrorsAsync(string storeId, Guid jobId, CancellationToken cancellationToken)
    {
        var errors = await db.Jobs.AsNoTracking().Where(x => x.Id == jobId && x.StoreId == storeId).Select(x => new { x.Errors }).SingleOrDefaultAsync(cancellationToken);
        return errors?.Errors;
    }

    /// <summary>
    /// One page of the store's jobs in the order asked for, and the total of the filtered list. Without a date bound
    /// the total is summed from the store's <c>job_counts</c> (a few rows, kept exact by triggers); with one, it
    /// is counted over the store's date index, which reads only the matching entries.
    /// </summary>
    public async Task<(List<JobView> Page, long Total)> ListAsync(string storeId, JobListQuery query, CancellationToken cancellationToken)
    {
        var jobs = Where(db.Jobs.AsNoTracking().Where(x => x.StoreId == storeId), query.Filter);
        var total = query.Filter.Dates.Count == 0
            ? await CountFromCountersAsync(storeId, query.Filter, cancellationToken)
            : await jobs.LongCountAsync(cancellationToken);
        var ordered = query.OldestFirst
            ? jobs.OrderBy(x => x.CreatedAt).ThenBy(x => x.Sequence)
            : jobs.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Sequence);
        var page = await ordered.Skip(query.Paging.Offset).Take(query.Paging.Limit).Select(ToView).ToListAsync(cancellationToken);
        return (page, total);
    }

    static IQueryable<JobRecord> Where(IQueryable<JobRecord> jobs, JobFilter filter)
    {
        if (filter.Statuses is { } statuses)
        {
            var statusList = statuses.ToList();
            jobs = jobs.Where(x => statusList.Contains(x.Status));
        }

        if (filter.Types is { } types)
        {
            var typeList = types.ToList();
            jobs = jobs.Where(x => typeList.Contains(x.Type));
        }

        foreach (var bound in filter.Dates)
            jobs = jobs.Where(DatePredicate(bound));
        return jobs;
    }

    Task<long> CountFromCountersAsync(string storeId, JobFilter filter, CancellationToken cancellationToken)
    {
        var counts = db.Counts.AsNoTracking().Where(x => x.StoreId == storeId);
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

    static Expression<Func<JobRecord, bool>> DatePredicate(DateBound bound)
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
