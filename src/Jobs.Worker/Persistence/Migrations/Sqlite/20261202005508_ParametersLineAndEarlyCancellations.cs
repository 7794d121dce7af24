using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jobs.Worker.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ParametersLineAndEarlyCancellations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The parameters that had columns of their own join the others in the parameters JSON (EF Core keeps
            // UUIDs upper-case in SQLite; the parameters spell them lower-case).
            migrationBuilder.Sql("""
                UPDATE jobs SET parameters = json_patch(parameters, json_object(
                    'filter', filter, 'copied_from', lower(copied_from), 'product_id', lower(product_id), 'file_location', file_location))
                WHERE filter IS NOT NULL OR copied_from IS NOT NULL OR product_id IS NOT NULL OR file_location IS NOT NULL;
                """);

            // SQLite's own DROP COLUMN: EF Core would rebuild the table instead, which drops its count triggers.
            migrationBuilder.Sql("ALTER TABLE jobs DROP COLUMN copied_from;");
            migrationBuilder.Sql("ALTER TABLE jobs DROP COLUMN file_location;");
            migrationBuilder.Sql("ALTER TABLE jobs DROP COLUMN filter;");
            migrationBuilder.Sql("ALTER TABLE jobs DROP COLUMN product_id;");

            // The line's position row keeps its place: renamed, never recreated.
            migrationBuilder.RenameTable(name: "job_queue", newName: "job_line");

            migrationBuilder.CreateTable(
                name: "early_cancellations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    job_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    response_address = table.Column<string>(type: "TEXT", nullable: true),
                    request_id = table.Column<Guid>(type: "TEXT", nullable: true)
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "file_location",
                table: "jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "filter",
                table: "jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "product_id",
                table: "jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE jobs SET filter = json_extract(parameters, '$.filter'), copied_from = upper(json_extract(parameters, '$.copied_from')),
                    product_id = upper(json_extract(parameters, '$.product_id')), file_location = json_extract(parameters, '$.file_location'),
                    parameters = json_remove(parameters, '$.filter', '$.copied_from', '$.product_id', '$.file_location');
                """);

            migrationBuilder.RenameTable(name: "job_line", newName: "job_queue");
        }
    }
}
