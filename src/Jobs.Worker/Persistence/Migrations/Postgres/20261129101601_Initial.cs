using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jobs.Worker.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "job_counts",
                columns: table => new
                {
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_counts", x => new { x.status, x.type });
                });

            migrationBuilder.CreateTable(
                name: "job_queue",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false),
                    last_created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_queue", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    request_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    filter = table.Column<string>(type: "text", nullable: true),
                    copied_from = table.Column<Guid>(type: "uuid", nullable: true),
                    product_id = table.Column<Guid>(type: "uuid", nullable: true),
                    file_location = table.Column<string>(type: "text", nullable: true),
                    parameters = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    run_id = table.Column<Guid>(type: "uuid", nullable: true),
                    lease_expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    hierarchy_id = table.Column<Guid>(type: "uuid", nullable: true),
                    file_locations = table.Column<string>(type: "text", nullable: true),
                    errors = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "job_queue",
                columns: new[] { "id", "last_created_at", "last_sequence" },
                values: new object[] { 1, new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), 0L });

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            JobCountTriggers.DropPostgres(migrationBuilder);

            migrationBuilder.DropTable(
                name: "job_counts");

            migrationBuilder.DropTable(
                name: "job_queue");

            migrationBuilder.DropTable(
                name: "jobs");
        }
    }
}
