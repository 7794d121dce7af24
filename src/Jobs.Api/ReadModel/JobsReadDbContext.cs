using System.Text.Json;
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
            b.Property(x => x.Parameters).HasConversion(JsonColumn.Converter<Dictionary<string, string>>());
            b.Property(x => x.FileLocations).HasConversion(JsonColumn.Converter<List<string>?>());
            b.Property(x => x.Progress).HasConversion(JsonColumn.Converter<JobProgress?>());
            b.Property(x => x.Errors).HasConversion(JsonColumn.Converter<List<JobError>>());
        });
        modelBuilder.Entity<JobCountRecord>(b =>
        {
            b.ToTable("job_counts", t => t.ExcludeFromMigrations());
            b.HasKey(x => new { x.StoreId, x.Status, x.Type, x.Stripe });
        });

        // The records' properties are named after the columns: Id is id, CreatedAt is created_at.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
            property.SetColumnName(JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
    }
}
