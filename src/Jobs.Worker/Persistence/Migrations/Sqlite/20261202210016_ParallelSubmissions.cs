using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jobs.Worker.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ParallelSubmissions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // job_counts is rebuilt for a new key, which SQLite refuses while the count triggers name the table.
            JobCountTriggers.DropSqlite(migrationBuilder);

            migrationBuilder.DropIndex(
                name: "ix_jobs_unfinished",
                table: "jobs");

            // By hand rather than EF Core's rebuild, which it would run after the triggers below are back.
            migrationBuilder.Sql(Rebuild("stripe INTEGER NOT NULL DEFAULT 0,", "store_id, status, type, stripe", "store_id, status, type, count"));

            migrationBuilder.CreateIndex(
                name: "ix_jobs_unfinished",
                table: "jobs",
                columns: new[] { "store_id", "created_at", "sequence" },
                filter: "status IN ('pending', 'started')");

            JobCountTriggers.CreatePerStoreSqlite(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // job_counts is rebuilt for a new key, which SQLite refuses while the count triggers name the table.
            JobCountTriggers.DropSqlite(migrationBuilder);

            migrationBuilder.DropIndex(
                name: "ix_jobs_unfinished",
                table: "jobs");

            migrationBuilder.Sql(Rebuild("", "store_id, status, type", "store_id, status, type, count"));

            migrationBuilder.CreateIndex(
                name: "ix_jobs_unfinished",
                table: "jobs",
                columns: new[] { "store_id", "sequence" },
                filter: "status IN ('pending', 'started')");

            JobCountTriggers.CreatePerStoreSqlite(migrationBuilder);
        }

        /// <summary>job_counts again with the given stripe column and key, its rows kept (SQLite keeps stripe 0 only).</summary>
        static string Rebuild(string stripeColumn, string key, string columns) => $"""
            CREATE TABLE job_counts_rebuilt (
                store_id TEXT NOT NULL,
                status TEXT NOT NULL,
                type TEXT NOT NULL,
                {stripeColumn}
                count INTEGER NOT NULL,
                CONSTRAINT "PK_job_counts" PRIMARY KEY ({key})
            );
            INSERT INTO job_counts_rebuilt ({columns}) SELECT {columns} FROM job_counts;
            DROP TABLE job_counts;
            ALTER TABLE job_counts_rebuilt RENAME TO job_counts;
            """;
    }
}
