using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jobs.Worker.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Stores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_created_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_sequence",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_status_created_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_type_created_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_unfinished_sequence",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_updated_at",
                table: "jobs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_job_counts",
                table: "job_counts");

            // Jobs recorded before stores belong to the default store.
            migrationBuilder.Sql("UPDATE jobs SET store_id = 'default' WHERE store_id IS NULL;");

            migrationBuilder.AlterColumn<string>(
                name: "store_id",
                table: "jobs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "default",
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "store_id",
                table: "job_counts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "store_id",
                table: "early_cancellations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "default");

            migrationBuilder.AddPrimaryKey(
                name: "PK_job_counts",
                table: "job_counts",
                columns: new[] { "store_id", "status", "type" });

            migrationBuilder.CreateTable(
                name: "job_lines",
                columns: table => new
                {
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false),
                    last_created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    has_work = table.Column<bool>(type: "boolean", nullable: false),
                    claim_id = table.Column<Guid>(type: "uuid", nullable: true),
                    claim_expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_served_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_lines", x => x.store_id);
                });

            // Each store's line starts where its jobs are; the default store's where the one line was.
            migrationBuilder.Sql("""
                INSERT INTO job_lines (store_id, last_sequence, last_created_at, has_work, last_served_at)
                SELECT store_id, max(sequence), max(created_at), bool_or(status IN ('pending', 'started')), timestamptz 'epoch'
                FROM jobs GROUP BY store_id;
                INSERT INTO job_lines (store_id, last_sequence, last_created_at, has_work, last_served_at)
                SELECT 'default', last_sequence, last_created_at, false, timestamptz 'epoch' FROM job_line
                ON CONFLICT (store_id) DO UPDATE SET last_sequence = greatest(job_lines.last_sequence, excluded.last_sequence),
                    last_created_at = greatest(job_lines.last_created_at, excluded.last_created_at);
                """);
            migrationBuilder.DropTable(
                name: "job_line");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_store_created_at",
                table: "jobs",
                columns: new[] { "store_id", "created_at", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_store_sequence",
                table: "jobs",
                columns: new[] { "store_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_store_status_created_at",
                table: "jobs",
                columns: new[] { "store_id", "status", "created_at", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_store_type_created_at",
                table: "jobs",
                columns: new[] { "store_id", "type", "created_at", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_store_updated_at",
                table: "jobs",
                columns: new[] { "store_id", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_unfinished",
                table: "jobs",
                columns: new[] { "store_id", "sequence" },
                filter: "status IN ('pending', 'started')");

            migrationBuilder.CreateIndex(
                name: "ux_jobs_one_started_per_store",
                table: "jobs",
                column: "store_id",
                unique: true,
                filter: "status = 'started'");

            migrationBuilder.CreateIndex(
                name: "ix_job_lines_to_claim",
                table: "job_lines",
                column: "last_served_at",
                filter: "has_work OR claim_id IS NOT NULL");

            JobCountTriggers.CreatePerStorePostgres(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            JobCountTriggers.DropPostgres(migrationBuilder);
            migrationBuilder.Sql("DELETE FROM job_counts;");

            migrationBuilder.DropTable(
                name: "job_lines");

            migrationBuilder.DropIndex(
                name: "ix_jobs_store_created_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_store_sequence",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_store_status_created_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_store_type_created_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_store_updated_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_unfinished",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ux_jobs_one_started_per_store",
                table: "jobs");

            // One line again: places numbered across the stores in created order.
            migrationBuilder.Sql("""
                UPDATE jobs SET sequence = placed.place
                FROM (SELECT id, row_number() OVER (ORDER BY created_at, store_id, sequence) AS place FROM jobs) AS placed
                WHERE jobs.id = placed.id;
                """);

            migrationBuilder.DropPrimaryKey(
                name: "PK_job_counts",
                table: "job_counts");

            migrationBuilder.DropColumn(
                name: "store_id",
                table: "job_counts");

            migrationBuilder.DropColumn(
                name: "store_id",
                table: "early_cancellations");

            migrationBuilder.AlterColumn<string>(
                name: "store_id",
                table: "jobs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AddPrimaryKey(
                name: "PK_job_counts",
                table: "job_counts",
                columns: new[] { "status", "type" });

            migrationBuilder.CreateTable(
                name: "job_line",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    last_created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_line", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "job_line",
                columns: new[] { "id", "last_created_at", "last_sequence" },
                values: new object[] { 1, new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 0L });
            migrationBuilder.Sql("""
                UPDATE job_line SET last_sequence = coalesce((SELECT max(sequence) FROM jobs), 0),
                    last_created_at = coalesce((SELECT max(created_at) FROM jobs), timestamptz 'epoch');
                """);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_created_at",
                table: "jobs",
                columns: new[] { "created_at", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_sequence",
                table: "jobs",
                column: "sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_status_created_at",
                table: "jobs",
                columns: new[] { "status", "created_at", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_type_created_at",
                table: "jobs",
                columns: new[] { "type", "created_at", "sequence" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_unfinished_sequence",
                table: "jobs",
                column: "sequence",
                filter: "status IN ('pending', 'started')");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_updated_at",
                table: "jobs",
                column: "updated_at");

            JobCountTriggers.CreatePostgres(migrationBuilder);
        }
    }
}
