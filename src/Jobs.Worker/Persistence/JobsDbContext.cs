using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Persistence;

/// <summary>
/// The jobs database. One subclass per provider carries that provider's migrations
/// (<see cref="PostgresJobsDbContext"/>, <see cref="SqliteJobsDbContext"/>); everything else is shared.
/// </summary>
public abstract class JobsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<JobState> Jobs => Set<JobState>();

    public DbSet<JobQueuePosition> QueuePositions => Set<JobQueuePosition>();

    public DbSet<JobCount> Counts => Set<JobCount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new JobStateConfiguration());
        modelBuilder.Entity<JobQueuePosition>(b =>
        {
            b.ToTable("job_queue");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.LastSequence).HasColumnName("last_sequence");
            b.Property(x => x.LastCreatedAt).HasColumnName("last_created_at");
            b.HasData(new JobQueuePosition { Id = JobQueuePosition.SingletonId, LastSequence = 0, LastCreatedAt = DateTime.UnixEpoch });
        });
        modelBuilder.Entity<JobCount>(b =>
        {
            b.ToTable("job_counts");
            b.HasKey(x => new { x.Status, x.Type });
            b.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
            b.Property(x => x.Type).HasColumnName("type").HasMaxLength(32);
            b.Property(x => x.Count).HasColumnName("count");
        });
    }
}
