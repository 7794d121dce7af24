using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jobs.Worker.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ParametersLineAndEarlyCancellations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The parameters that had columns of their own join the others in the parameters JSON.
            migrationBuilder.Sql("""
                UPDATE jobs SET parameters = (parameters::jsonb || jsonb_strip_nulls(jsonb_build_object(
                    'filter', filter, 'copied_from', copied_from::text, 'product_id', product_id::text, 'file_location', file_location)))::text
                WHERE filter IS NOT NULL OR copied_from IS NOT NULL OR product_id IS NOT NULL OR file_location IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "copied_from",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "file_location",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "filter",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "product_id",
                table: "jobs");

            // The line's position row keeps its place: renamed, never recreated.
            migrationBuilder.RenameTable(name: "job_queue", newName: "job_line");
            migrationBuilder.Sql("ALTER TABLE job_line RENAME CONSTRAINT \"PK_job_queue\" TO \"PK_job_line\";");

            migrationBuilder.CreateTable(
                name: "early_cancellations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    response_address = table.Column<string>(type: "text", nullable: true),
                    request_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_early_cancellations", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_early_cancellations_expires_at",
                table: "early_cancellations",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_early_cancellations_job_id",
                table: "early_cancellations",
                column: "job_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "early_cancellations");

            migrationBuilder.AddColumn<Guid>(
                name: "copied_from",
                table: "jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "file_location",
                table: "jobs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "filter",
                table: "jobs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "product_id",
                table: "jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE jobs SET filter = parameters::jsonb->>'filter', copied_from = (parameters::jsonb->>'copied_from')::uuid,
                    product_id = (parameters::jsonb->>'product_id')::uuid, file_location = parameters::jsonb->>'file_location',
                    parameters = (parameters::jsonb - 'filter' - 'copied_from' - 'product_id' - 'file_location')::text;
                """);

            migrationBuilder.RenameTable(name: "job_line", newName: "job_queue");
            migrationBuilder.Sql("ALTER TABLE job_queue RENAME CONSTRAINT \"PK_job_line\" TO \"PK_job_queue\";");
        }
    }
}
