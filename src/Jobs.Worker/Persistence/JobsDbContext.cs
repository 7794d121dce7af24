using Jobs.Contracts;
using Jobs.Worker.Outbox;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.Persistence;

/// <summary>
/// The jobs database. One subclass per provider carries that provider's migrations
/// (<see cref="PostgresJobsDbContext"/>, <see cref="SqliteJobsDbContext"/>); everything else is shared.
/// What each table is for: docs/design.md, "Tables".
/// </summary>
public abstract class JobsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<JobState> Jobs => Set<JobState>();

    public DbSet<JobCount> Counts => Set<JobCount>();

    public DbSet<EarlyCancellation> EarlyCancellations => Set<EarlyCancellation>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new JobStateConfiguration());
        modelBuilder.Entity<StoreLine>(b =>
        {
            b.ToTable("job_lines");
            b.HasKey(x => x.StoreId);
            b.Property(x => x.StoreId).HasColumnName("store_id").HasMaxLength(JobLimits.MaxStoreIdLength);
            b.Property(x => x.LastSequence).HasColumnName("last_sequence");
            b.Property(x => x.LastCreatedAt).HasColumnName("last_created_at");
            b.Property(x => x.HasWork).HasColumnName("has_work");
            b.Property(x => x.ClaimId).HasColumnName("claim_id");
            b.Property(x => x.ClaimExpiresAt).HasColumnName("claim_expires_at");
            b.Property(x => x.LastServedAt).HasColumnName("last_served_at");
            // Runners look for lines to claim in the order they were last served, among those with work.
            b.HasIndex(x => x.LastServedAt, "ix_job_lines_to_claim").HasFilter("has_work OR claim_id IS NOT NULL");
        });
        modelBuilder.Entity<JobCount>(b =>
        {
            b.ToTable("job_counts");
            b.HasKey(x => new { x.StoreId, x.Status, x.Type, x.Stripe });
            b.Property(x => x.StoreId).HasColumnName("store_id").HasMaxLength(JobLimits.MaxStoreIdLength);
            b.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
            b.Property(x => x.Type).HasColumnName("type").HasMaxLength(JobLimits.MaxJobTypeLength);
            b.Property(x => x.Count).HasColumnName("count");
            b.Property(x => x.Stripe).HasColumnName("stripe").HasDefaultValue((short)0);
        });
        modelBuilder.Entity<EarlyCancellation>(b =>
        {
            b.ToTable("early_cancellations");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.JobId).HasColumnName("job_id");
            b.Property(x => x.StoreId).HasColumnName("store_id").HasMaxLength(JobLimits.MaxStoreIdLength);
            b.Property(x => x.ReceivedAt).HasColumnName("received_at");
            b.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            b.Property(x => x.ResponseAddress).HasColumnName("response_address");
            b.Property(x => x.RequestId).HasColumnName("request_id");
            b.HasIndex(x => x.JobId, "ix_early_cancellations_job_id");
            b.HasIndex(x => x.ExpiresAt, "ix_early_cancellations_expires_at");
        });
        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("outbox_messages");
            b.HasKey(x => x.Sequence);
            b.Property(x => x.Sequence).HasColumnName("sequence").ValueGeneratedOnAdd();
            b.Property(x => x.MessageId).HasColumnName("message_id");
            b.Property(x => x.JobId).HasColumnName("job_id");
            b.Property(x => x.MessageType).HasColumnName("message_type");
            b.Property(x => x.Body).HasColumnName("body");
            b.Property(x => x.DestinationAddress).HasColumnName("destination_address");
            b.Property(x => x.RequestId).HasColumnName("request_id");
            b.Property(x => x.Durable).HasColumnName("durable");
            b.Property(x => x.RecordedAt).HasColumnName("recorded_at");
            b.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            b.Property(x => x.TraceParent).HasColumnName("trace_parent").HasMaxLength(JobLimits.MaxTraceParentLength);
            // Delivery asks, per message, whether an earlier one of the same job is still waiting.
            b.HasIndex(x => new { x.JobId, x.Sequence }, "ix_outbox_messages_job_id_sequence");
        });
    }
}
