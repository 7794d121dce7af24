namespace Jobs.Worker.Persistence;

/// <summary>
/// How many jobs of a store have a given status and type. Database triggers keep these rows exact in the same
/// transaction as every insert, status change and delete of a job, so a store's total is a sum over at most 25
/// rows instead of a count over the jobs table.
/// </summary>
public class JobCount
{
    public string StoreId { get; set; } = "";

    public string Status { get; set; } = "";

    public string Type { get; set; } = "";

    public long Count { get; set; }
}
