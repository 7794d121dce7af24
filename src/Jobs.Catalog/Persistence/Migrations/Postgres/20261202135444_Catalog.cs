using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jobs.Catalog.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Catalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "catalog_hierarchies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    description = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: true),
                    slug = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_hierarchies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "catalog_pricebooks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    description = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: true),
                    external_ref = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_pricebooks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "catalog_products",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    external_ref = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    description = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: true),
                    slug = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    sku = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    commodity_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    upc_ean = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    mpn = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    tags = table.Column<string>(type: "text", nullable: false),
                    main_image_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_products", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "catalog_variations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    sort_order = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_variations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "catalog_nodes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hierarchy_id = table.Column<Guid>(type: "uuid", nullable: false),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    description = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: true),
                    slug = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    sort_order = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_nodes", x => x.id);
                    table.ForeignKey(
                        name: "FK_catalog_nodes_catalog_hierarchies_hierarchy_id",
                        column: x => x.hierarchy_id,
                        principalTable: "catalog_hierarchies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_product_prices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    pricebook_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sku = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    external_ref = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    currencies = table.Column<string>(type: "text", nullable: false),
                    sales = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_product_prices", x => x.id);
                    table.ForeignKey(
                        name: "FK_catalog_product_prices_catalog_pricebooks_pricebook_id",
                        column: x => x.pricebook_id,
                        principalTable: "catalog_pricebooks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_product_variations",
                columns: table => new
                {
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    variation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_product_variations", x => new { x.product_id, x.variation_id });
                    table.ForeignKey(
                        name: "FK_catalog_product_variations_catalog_products_product_id",
                        column: x => x.product_id,
                        principalTable: "catalog_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_catalog_product_variations_catalog_variations_variation_id",
                        column: x => x.variation_id,
                        principalTable: "catalog_variations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_variation_options",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    variation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    description = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: true),
                    sort_order = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_variation_options", x => x.id);
                    table.ForeignKey(
                        name: "FK_catalog_variation_options_catalog_variations_variation_id",
                        column: x => x.variation_id,
                        principalTable: "catalog_variations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_node_products",
                columns: table => new
                {
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_node_products", x => new { x.node_id, x.product_id });
                    table.ForeignKey(
                        name: "FK_catalog_node_products_catalog_nodes_node_id",
                        column: x => x.node_id,
                        principalTable: "catalog_nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_catalog_node_products_catalog_products_product_id",
                        column: x => x.product_id,
                        principalTable: "catalog_products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_catalog_hierarchies_store_created",
                table: "catalog_hierarchies",
                columns: new[] { "store_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_catalog_node_products_product_id",
                table: "catalog_node_products",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_nodes_hierarchy_created",
                table: "catalog_nodes",
                columns: new[] { "hierarchy_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_catalog_pricebooks_store_created",
                table: "catalog_pricebooks",
                columns: new[] { "store_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_catalog_pricebooks_store_external_ref",
                table: "catalog_pricebooks",
                columns: new[] { "store_id", "external_ref" },
                unique: true,
                filter: "external_ref IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_product_prices_pricebook_created",
                table: "catalog_product_prices",
                columns: new[] { "pricebook_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_catalog_product_prices_pricebook_sku",
                table: "catalog_product_prices",
                columns: new[] { "pricebook_id", "sku" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_catalog_product_prices_store_external_ref",
                table: "catalog_product_prices",
                columns: new[] { "store_id", "external_ref" },
                unique: true,
                filter: "external_ref IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_product_variations_variation_id",
                table: "catalog_product_variations",
                column: "variation_id");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_products_parent_id",
                table: "catalog_products",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_products_store_created",
                table: "catalog_products",
                columns: new[] { "store_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_catalog_products_store_external_ref",
                table: "catalog_products",
                columns: new[] { "store_id", "external_ref" },
                unique: true,
                filter: "external_ref IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_catalog_products_store_sku",
                table: "catalog_products",
                columns: new[] { "store_id", "sku" },
                unique: true,
                filter: "sku IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_catalog_products_store_slug",
                table: "catalog_products",
                columns: new[] { "store_id", "slug" },
                unique: true,
                filter: "slug IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_variation_options_variation_id",
                table: "catalog_variation_options",
                column: "variation_id");

            migrationBuilder.CreateIndex(
                name: "ix_catalog_variations_store_created",
                table: "catalog_variations",
                columns: new[] { "store_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "catalog_node_products");

            migrationBuilder.DropTable(
                name: "catalog_product_prices");

            migrationBuilder.DropTable(
                name: "catalog_product_variations");

            migrationBuilder.DropTable(
                name: "catalog_variation_options");

            migrationBuilder.DropTable(
                name: "catalog_nodes");

            migrationBuilder.DropTable(
                name: "catalog_pricebooks");

            migrationBuilder.DropTable(
                name: "catalog_products");

            migrationBuilder.DropTable(
                name: "catalog_variations");

            migrationBuilder.DropTable(
                name: "catalog_hierarchies");
        }
    }
}
