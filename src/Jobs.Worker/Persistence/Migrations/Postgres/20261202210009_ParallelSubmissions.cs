using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jobs.Worker.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ParallelSubmissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_unfinished",
                table: "jobs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_job_counts",
                table: "job_counts");

            migrationBuilder.AddColumn<short>(
                name: "stripe",
                table: "job_counts",
                type: "smallint",
                nullable: false,
                defaultValue: (short)0);

            migrationBuilder.AddPrimaryKey(
                name: "PK_job_counts",
                table: "job_counts",
                columns: new[] { "store_id", "status", "type", "stripe" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_unfinished",
                table: "jobs",
                columns: new[] { "store_id", "created_at", "sequence" },
                filter: "status IN ('pending', 'started')");

            JobCountTriggers.CreateStripedPostgres(migrationBuilder);

            // Places come from one sequence for every store now, past every place a line has handed out so far.
            migrationBuilder.Sql("CREATE SEQUENCE job_places AS bigint;");
            migrationBuilder.Sql("""
                SELECT setval('job_places', greatest(1, (SELECT coalesce(max(sequence), 0) FROM jobs), (SELECT coalesce(max(last_sequence), 0) FROM job_lines)));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The lines hand places out again: each from past its last one, with created dates that never go backwards.
            migrationBuilder.Sql("""
                UPDATE job_lines SET
                    last_sequence = greatest(last_sequence, (SELECT coalesce(max(sequence), 0) FROM jobs WHERE jobs.store_id = job_lines.store_id)),
                    last_created_at = greatest(last_created_at, (SELECT coalesce(max(created_at), last_created_at) FROM jobs WHERE jobs.store_id = job_lines.store_id));
                """);
            migrationBuilder.Sql("DROP SEQUENCE job_places;");
            migrationBuilder.Sql(JobCountTriggers.FoldStripesSql);

            migrationBuilder.DropIndex(
                name: "ix_jobs_unfinished",
                table: "jobs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_job_counts",
                table: "job_counts");

            migrationBuilder.DropColumn(
                name: "stripe",
                table: "job_counts");

            migrationBuilder.AddPrimaryKey(
                name: "PK_job_counts",
                table: "job_counts",
                columns: new[] { "store_id", "status", "type" });

            JobCountTriggers.DropStripedPostgres(migrationBuilder);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_unfinished",
                table: "jobs",
                columns: new[] { "store_id", "sequence" },
                filter: "status IN ('pending', 'started')");
        }
    }
}
