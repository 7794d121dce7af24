using Jobs.Contracts;
using Jobs.Worker.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Api.ReadModel;

/// <summary>
/// The API's read-only view of the jobs database: the <c>jobs</c> and <c>job_counts</c> tables, mapped here
/// rather than through the saga's types, so that a change to the saga's row does not reach the API's documents.
/// The worker owns the schema (its migrations); this model is never migrated.
/// </summary>
sealed class JobsReadDbContext(DbContextOptions<JobsReadDbContext> options) : DbContext(options)
{
    public DbSet<JobRecord> Jobs => Set<JobRecord>();

    public DbSet<JobCountRecord> Counts => Set<JobCountRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
            SqliteJobsDbContext.ReadTimestampsAsUtc(configurationBuilder);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JobRecord>(b =>
        {
            b.ToTable("jobs", t => t.ExcludeFromMigrations());
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.Status).HasColumnName("status");
            b.Property(x => x.Sequence).HasColumnName("sequence");
            b.Property(x => x.Type).HasColumnName("type");
            b.Property(x => x.StoreId).HasColumnName("store_id");
            b.Property(x => x.RequestId).HasColumnName("request_id");
            b.Property(x => x.Parameters).HasColumnName("parameters").HasConversion(JsonColumn.Converter<Dictionary<string, string>>());
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            b.Property(x => x.StartedAt).HasColumnName("started_at");
            b.Property(x => x.CompletedAt).HasColumnName("completed_at");
            b.Property(x => x.HierarchyId).HasColumnName("hierarchy_id");
            b.Property(x => x.FileLocations).HasColumnName("file_locations").HasConversion(JsonColumn.Converter<List<string>?>());
            b.Property(x => x.Errors).HasColumnName("errors").HasConversion(JsonColumn.Converter<List<JobError>>());
        });
        modelBuilder.Entity<JobCountRecord>(b =>
        {
            b.ToTable("job_counts", t => t.ExcludeFromMigrations());
            b.HasKey(x => new { x.Status, x.Type });
            b.Property(x => x.Status).HasColumnName("status");
            b.Property(x => x.Type).HasColumnName("type");
            b.Property(x => x.Count).HasColumnName("count");
        });
    }
}
