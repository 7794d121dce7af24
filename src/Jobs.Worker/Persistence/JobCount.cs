namespace Jobs.Worker.Persistence;

/// <summary>
/// How many jobs of a store have a given status and type, in one stripe. Database triggers keep these rows exact in the
/// same transaction as every insert, status change and delete of a job, so a store's total is a sum over a few rows
/// instead of a count over the jobs table.
/// </summary>
/// <remarks>
/// A count is split over stripes, summed when read: on PostgreSQL each connection adds to its own stripe (its backend
/// process id modulo <see cref="JobCountTriggers.Stripes"/>), so concurrent submissions do not wait for each other on
/// one row's lock until they commit. A stripe's own figure may be negative (a job counted in one stripe, moved on in
/// another); only the sum means anything. SQLite, one writer at a time, keeps stripe 0.
/// </remarks>
public class JobCount
{
    public string StoreId { get; set; } = "";

    public string Status { get; set; } = "";

    public string Type { get; set; } = "";

    public short Stripe { get; set; }

    public long Count { get; set; }
}
