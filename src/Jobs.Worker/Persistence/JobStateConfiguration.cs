using Jobs.Contracts;
using Jobs.Worker.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jobs.Worker.Persistence;

sealed class JobStateConfiguration : IEntityTypeConfiguration<JobState>
{
    public void Configure(EntityTypeBuilder<JobState> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(x => x.CorrelationId);
        builder.Property(x => x.CorrelationId).HasColumnName("id").ValueGeneratedNever();
        builder.Property(x => x.CurrentState).HasColumnName("status").HasMaxLength(16)
            .HasConversion(StatusNames.ToStatus, StatusNames.ToStateName);
        builder.Property(x => x.Sequence).HasColumnName("sequence");
        builder.Property(x => x.JobType).HasColumnName("type").HasMaxLength(JobLimits.MaxJobTypeLength);
        builder.Property(x => x.StoreId).HasColumnName("store_id").HasMaxLength(JobLimits.MaxStoreIdLength).IsRequired();
        builder.Property(x => x.RequestId).HasColumnName("request_id").HasMaxLength(JobLimits.MaxRequestIdLength);
        builder.Property(x => x.Parameters).HasColumnName("parameters")
            .HasConversion(JsonColumn.Converter<Dictionary<string, string>>(), JsonColumn.Comparer<Dictionary<string, string>>());
        builder.Property(x => x.CreatedAt).HasColumnName("created_at");
        builder.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        builder.Property(x => x.StartedAt).HasColumnName("started_at");
        builder.Property(x => x.CompletedAt).HasColumnName("completed_at");
        builder.Property(x => x.Attempt).HasColumnName("attempt");
        builder.Property(x => x.RunId).HasColumnName("run_id");
        builder.Property(x => x.LeaseExpiresAt).HasColumnName("lease_expires_at");
        builder.Property(x => x.HandlerQueue).HasColumnName("handler_queue").HasMaxLength(JobLimits.MaxHandlerQueueLength);
        builder.Property(x => x.HeartbeatAt).HasColumnName("heartbeat_at");
        builder.Property(x => x.Progress).HasColumnName("progress")
            .HasConversion(JsonColumn.Converter<JobProgress?>(), JsonColumn.Comparer<JobProgress?>());
        builder.Property(x => x.HierarchyId).HasColumnName("hierarchy_id");
        builder.Property(x => x.FileLocations).HasColumnName("file_locations")
            .HasConversion(JsonColumn.Converter<List<string>?>(), JsonColumn.Comparer<List<string>?>());
        builder.Property(x => x.Errors).HasColumnName("errors")
            .HasConversion(JsonColumn.Converter<List<JobError>>(), JsonColumn.Comparer<List<JobError>>());
        builder.Property(x => x.TraceParent).HasColumnName("trace_parent").HasMaxLength(JobLimits.MaxTraceParentLength);

        // A place is unique in its store's line.
        builder.HasIndex(x => new { x.StoreId, x.Sequence }, "ix_jobs_store_sequence").IsUnique();
        // The runner's head-of-line query: the first unfinished job in a store's line, in the line's order (created date,
        // then place). Finished jobs, nearly all rows in a long-lived table, stay out of this index.
        builder.HasIndex(x => new { x.StoreId, x.CreatedAt, x.Sequence }, "ix_jobs_unfinished")
            .HasFilter("status IN ('pending', 'started')");
        // The database's last word on "one job at a time": at most one started job per store, whatever asks.
        builder.HasIndex(x => x.StoreId, "ux_jobs_one_started_per_store").IsUnique()
            .HasFilter("status = 'started'");
        // The list endpoint: a store's jobs newest (or oldest) first, optionally narrowed by status, type or date,
        // paged by offset. Each index ends in the sort order, so a page reads only its own rows and those it skips.
        builder.HasIndex(x => new { x.StoreId, x.CreatedAt, x.Sequence }, "ix_jobs_store_created_at");
        builder.HasIndex(x => new { x.StoreId, x.CurrentState, x.CreatedAt, x.Sequence }, "ix_jobs_store_status_created_at");
        builder.HasIndex(x => new { x.StoreId, x.JobType, x.CreatedAt, x.Sequence }, "ix_jobs_store_type_created_at");
        builder.HasIndex(x => new { x.StoreId, x.UpdatedAt }, "ix_jobs_store_updated_at");
        // Retention: finished jobs by when they finished (a finished job's last update), oldest first. Pending and started
        // jobs stay out of it, so retention can never pick them.
        builder.HasIndex(x => x.UpdatedAt, "ix_jobs_finished_updated_at")
            .HasFilter("status IN ('success', 'failed', 'cancelled')");
    }
}
