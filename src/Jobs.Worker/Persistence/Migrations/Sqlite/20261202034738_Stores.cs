using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jobs.Worker.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Stores : Migration
    {
        // The jobs table and job_counts change shape; EF Core would rebuild them at the end of the migration, which
        // drops the count triggers after they are made. The rebuilds are written out here, in the order they need.
        const string JobsColumns = "id, attempt, completed_at, created_at, errors, file_locations, hierarchy_id, lease_expires_at, parameters, request_id, run_id, sequence, started_at, status, store_id, type, updated_at";

        static string CreateJobs(string table, bool storeRequired) => $"""
            CREATE TABLE "{table}" (
                "id" TEXT NOT NULL CONSTRAINT "PK_jobs" PRIMARY KEY,
                "attempt" INTEGER NOT NULL,
                "completed_at" TEXT NULL,
                "created_at" TEXT NOT NULL,
                "errors" TEXT NOT NULL,
                "file_locations" TEXT NULL,
                "hierarchy_id" TEXT NULL,
                "lease_expires_at" TEXT NULL,
                "parameters" TEXT NOT NULL,
                "request_id" TEXT NOT NULL,
                "run_id" TEXT NULL,
                "sequence" INTEGER NOT NULL,
                "started_at" TEXT NULL,
                "status" TEXT NOT NULL,
                "store_id" TEXT {(storeRequired ? "NOT NULL" : "NULL")},
                "type" TEXT NOT NULL,
                "updated_at" TEXT NOT NULL
            );
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            JobCountTriggers.DropSqlite(migrationBuilder);
            foreach (var index in new[] { "ix_jobs_created_at", "ix_jobs_sequence", "ix_jobs_status_created_at", "ix_jobs_type_created_at", "ix_jobs_unfinished_sequence", "ix_jobs_updated_at" })
                migrationBuilder.DropIndex(name: index, table: "jobs");

            // Jobs recorded before stores belong to the default store.
            migrationBuilder.Sql(CreateJobs("jobs_by_store", storeRequired: true));
            migrationBuilder.Sql($"INSERT INTO jobs_by_store ({JobsColumns}) SELECT {JobsColumns.Replace("store_id", "coalesce(store_id, 'default')", StringComparison.Ordinal)} FROM jobs;");
            migrationBuilder.Sql("DROP TABLE jobs;");
            migrationBuilder.Sql("ALTER TABLE jobs_by_store RENAME TO jobs;");

            migrationBuilder.Sql("DROP TABLE job_counts;");
            migrationBuilder.CreateTable(
                name: "job_counts",
                columns: table => new
                {
                    store_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table => table.PrimaryKey("PK_job_counts", x => new { x.store_id, x.status, x.type }));

            migrationBuilder.AddColumn<string>(name: "store_id", table: "early_cancellations", type: "TEXT", maxLength: 64, nullable: false, defaultValue: "default");

            migrationBuilder.CreateTable(
                name: "job_lines",
                columns: table => new
                {
                    store_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    last_sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    last_created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    has_work = table.Column<bool>(type: "INTEGER", nullable: false),
                    claim_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    claim_expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_served_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table => table.PrimaryKey("PK_job_lines", x => x.store_id));

            // Each store's line starts where its jobs are; the default store's where the one line was.
            migrationBuilder.Sql("""
                INSERT INTO job_lines (store_id, last_sequence, last_created_at, has_work, last_served_at)
                SELECT store_id, max(sequence), max(created_at), max(status IN ('pending', 'started')), '1970-01-01 00:00:00'
                FROM jobs GROUP BY store_id;
                INSERT INTO job_lines (store_id, last_sequence, last_created_at, has_work, last_served_at)
                SELECT 'default', last_sequence, last_created_at, 0, '1970-01-01 00:00:00' FROM job_line WHERE true
                ON CONFLICT (store_id) DO UPDATE SET last_sequence = max(job_lines.last_sequence, excluded.last_sequence),
                    last_created_at = max(job_lines.last_created_at, excluded.last_created_at);
                """);
            migrationBuilder.DropTable(name: "job_line");

            CreateIndexes(migrationBuilder);
            migrationBuilder.CreateIndex(name: "ix_job_lines_to_claim", table: "job_lines", column: "last_served_at", filter: "has_work OR claim_id IS NOT NULL");
            JobCountTriggers.CreatePerStoreSqlite(migrationBuilder);
        }

        static void CreateIndexes(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(name: "ix_jobs_store_created_at", table: "jobs", columns: new[] { "store_id", "created_at", "sequence" });
            migrationBuilder.CreateIndex(name: "ix_jobs_store_sequence", table: "jobs", columns: new[] { "store_id", "sequence" }, unique: true);
            migrationBuilder.CreateIndex(name: "ix_jobs_store_status_created_at", table: "jobs", columns: new[] { "store_id", "status", "created_at", "sequence" });
            migrationBuilder.CreateIndex(name: "ix_jobs_store_type_created_at", table: "jobs", columns: new[] { "store_id", "type", "created_at", "sequence" });
            migrationBuilder.CreateIndex(name: "ix_jobs_store_updated_at", table: "jobs", columns: new[] { "store_id", "updated_at" });
            migrationBuilder.CreateIndex(name: "ix_jobs_unfinished", table: "jobs", columns: new[] { "store_id", "sequence" }, filter: "status IN ('pending', 'started')");
            migrationBuilder.CreateIndex(name: "ux_jobs_one_started_per_store", table: "jobs", column: "store_id", unique: true, filter: "status = 'started'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            JobCountTriggers.DropSqlite(migrationBuilder);

            // One line again: places numbered across the stores in created order.
            migrationBuilder.Sql(CreateJobs("jobs_in_one_line", storeRequired: false));
            migrationBuilder.Sql($"INSERT INTO jobs_in_one_line ({JobsColumns}) SELECT {JobsColumns.Replace("sequence", "row_number() OVER (ORDER BY created_at, store_id, sequence)", StringComparison.Ordinal)} FROM jobs;");
            migrationBuilder.Sql("DROP TABLE jobs;");
            migrationBuilder.Sql("ALTER TABLE jobs_in_one_line RENAME TO jobs;");
            migrationBuilder.CreateIndex(name: "ix_jobs_created_at", table: "jobs", columns: new[] { "created_at", "sequence" });
            migrationBuilder.CreateIndex(name: "ix_jobs_sequence", table: "jobs", column: "sequence", unique: true);
            migrationBuilder.CreateIndex(name: "ix_jobs_status_created_at", table: "jobs", columns: new[] { "status", "created_at", "sequence" });
            migrationBuilder.CreateIndex(name: "ix_jobs_type_created_at", table: "jobs", columns: new[] { "type", "created_at", "sequence" });
            migrationBuilder.CreateIndex(name: "ix_jobs_unfinished_sequence", table: "jobs", column: "sequence", filter: "status IN ('pending', 'started')");
            migrationBuilder.CreateIndex(name: "ix_jobs_updated_at", table: "jobs", column: "updated_at");

            migrationBuilder.CreateTable(
                name: "job_line",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    last_created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_sequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table => table.PrimaryKey("PK_job_line", x => x.id));
            migrationBuilder.Sql("""
                INSERT INTO job_line (id, last_sequence, last_created_at)
                VALUES (1, coalesce((SELECT max(sequence) FROM jobs), 0), coalesce((SELECT max(created_at) FROM jobs), '1970-01-01 00:00:00'));
                """);
            migrationBuilder.DropTable(name: "job_lines");

            migrationBuilder.Sql("ALTER TABLE early_cancellations DROP COLUMN store_id;");

            migrationBuilder.Sql("DROP TABLE job_counts;");
            migrationBuilder.CreateTable(
                name: "job_counts",
                columns: table => new
                {
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table => table.PrimaryKey("PK_job_counts", x => new { x.status, x.type }));
            JobCountTriggers.CreateSqlite(migrationBuilder);
        }
    }
}
