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
        builder.Property(x => x.StoreId).HasColumnName("store_id").HasMaxLength(JobLimits.MaxStoreIdLength);
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
        builder.Property(x => x.HierarchyId).HasColumnName("hierarchy_id");
        builder.Property(x => x.FileLocations).HasColumnName("file_locations")
            .HasConversion(JsonColumn.Converter<List<string>?>(), JsonColumn.Comparer<List<string>?>());
        builder.Property(x => x.Errors).HasColumnName("errors")
            .HasConversion(JsonColumn.Converter<List<JobError>>(), JsonColumn.Comparer<List<JobError>>());

        builder.HasIndex(x => x.Sequence, "ix_jobs_sequence").IsUnique();
        // The runner's head-of-line query: the first unfinished job in line. Finished jobs, nearly all
        // rows in a long-lived table, stay out of this index.
        builder.HasIndex(x => x.Sequence, "ix_jobs_unfinished_sequence")
            .HasFilter("status IN ('pending', 'started')");
        // The list endpoint: newest (or oldest) first, optionally narrowed by status, type or date, paged
        // by offset. Each index ends in the sort order, so a page reads only its own rows and those it skips.
        builder.HasIndex(x => new { x.CreatedAt, x.Sequence }, "ix_jobs_created_at");
        builder.HasIndex(x => new { x.CurrentState, x.CreatedAt, x.Sequence }, "ix_jobs_status_created_at");
        builder.HasIndex(x => new { x.JobType, x.CreatedAt, x.Sequence }, "ix_jobs_type_created_at");
        builder.HasIndex(x => x.UpdatedAt, "ix_jobs_updated_at");
    }
}
