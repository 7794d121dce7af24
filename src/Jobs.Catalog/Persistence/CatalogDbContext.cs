using System.Text.Json;
using Jobs.Catalog.Model;
using Jobs.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Jobs.Catalog.Persistence;

/// <summary>
/// The catalog's tables, in the jobs database beside the jobs' own but with migrations of their own
/// (<see cref="PostgresCatalogDbContext"/>, <see cref="SqliteCatalogDbContext"/>). Every row carries its store, and
/// every uniqueness rule is per store.
/// </summary>
public abstract class CatalogDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Variation> Variations => Set<Variation>();

    public DbSet<VariationOption> VariationOptions => Set<VariationOption>();

    public DbSet<ProductVariation> ProductVariations => Set<ProductVariation>();

    public DbSet<Hierarchy> Hierarchies => Set<Hierarchy>();

    public DbSet<Node> Nodes => Set<Node>();

    public DbSet<NodeProduct> NodeProducts => Set<NodeProduct>();

    public DbSet<Pricebook> Pricebooks => Set<Pricebook>();

    public DbSet<ProductPrice> ProductPrices => Set<ProductPrice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Product>(b =>
        {
            b.ToTable("catalog_products");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            Store(b.Property(x => x.StoreId));
            b.Property(x => x.ExternalRef).HasColumnName("external_ref").HasMaxLength(CatalogLimits.MaxExternalRefLength);
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(CatalogLimits.MaxNameLength);
            b.Property(x => x.Description).HasColumnName("description").HasMaxLength(CatalogLimits.MaxDescriptionLength);
            b.Property(x => x.Slug).HasColumnName("slug").HasMaxLength(CatalogLimits.MaxCodeLength);
            b.Property(x => x.Sku).HasColumnName("sku").HasMaxLength(CatalogLimits.MaxCodeLength);
            b.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
            b.Property(x => x.CommodityType).HasColumnName("commodity_type").HasMaxLength(16);
            b.Property(x => x.UpcEan).HasColumnName("upc_ean").HasMaxLength(CatalogLimits.MaxCodeLength);
            b.Property(x => x.Mpn).HasColumnName("mpn").HasMaxLength(CatalogLimits.MaxCodeLength);
            b.Property(x => x.Tags).HasColumnName("tags")
                .HasConversion(v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default), v => JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Default)!)
                .Metadata.SetValueComparer(new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Count, v => v.ToList()));
            b.Property(x => x.MainImageId).HasColumnName("main_image_id").HasMaxLength(CatalogLimits.MaxCodeLength);
            b.Property(x => x.ParentId).HasColumnName("parent_id");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            // Lists and exports page through a store's products in creation order.
            b.HasIndex(x => new { x.StoreId, x.CreatedAt, x.Id }, "ix_catalog_products_store_created");
            b.HasIndex(x => new { x.StoreId, x.Sku }, "ux_catalog_products_store_sku").IsUnique().HasFilter("sku IS NOT NULL");
            b.HasIndex(x => new { x.StoreId, x.Slug }, "ux_catalog_products_store_slug").IsUnique().HasFilter("slug IS NOT NULL");
            b.HasIndex(x => new { x.StoreId, x.ExternalRef }, "ux_catalog_products_store_external_ref").IsUnique().HasFilter("external_ref IS NOT NULL");
            b.HasIndex(x => x.ParentId, "ix_catalog_products_parent_id");
        });
        modelBuilder.Entity<Variation>(b =>
        {
            b.ToTable("catalog_variations");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            Store(b.Property(x => x.StoreId));
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(CatalogLimits.MaxNameLength);
            b.Property(x => x.SortOrder).HasColumnName("sort_order");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            b.HasMany(x => x.Options).WithOne().HasForeignKey(x => x.VariationId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(x => new { x.StoreId, x.CreatedAt }, "ix_catalog_variations_store_created");
        });
        modelBuilder.Entity<VariationOption>(b =>
        {
            b.ToTable("catalog_variation_options");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            Store(b.Property(x => x.StoreId));
            b.Property(x => x.VariationId).HasColumnName("variation_id");
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(CatalogLimits.MaxNameLength);
            b.Property(x => x.Description).HasColumnName("description").HasMaxLength(CatalogLimits.MaxDescriptionLength);
            b.Property(x => x.SortOrder).HasColumnName("sort_order");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            b.HasIndex(x => x.VariationId, "ix_catalog_variation_options_variation_id");
        });
        modelBuilder.Entity<ProductVariation>(b =>
        {
            b.ToTable("catalog_product_variations");
            b.HasKey(x => new { x.ProductId, x.VariationId });
            Store(b.Property(x => x.StoreId));
            b.Property(x => x.ProductId).HasColumnName("product_id");
            b.Property(x => x.VariationId).HasColumnName("variation_id");
            b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Variation>().WithMany().HasForeignKey(x => x.VariationId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(x => x.VariationId, "ix_catalog_product_variations_variation_id");
        });
        modelBuilder.Entity<Hierarchy>(b =>
        {
            b.ToTable("catalog_hierarchies");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            Store(b.Property(x => x.StoreId));
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(CatalogLimits.MaxNameLength);
            b.Property(x => x.Description).HasColumnName("description").HasMaxLength(CatalogLimits.MaxDescriptionLength);
            b.Property(x => x.Slug).HasColumnName("slug").HasMaxLength(CatalogLimits.MaxCodeLength);
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            b.HasIndex(x => new { x.StoreId, x.CreatedAt }, "ix_catalog_hierarchies_store_created");
        });
        modelBuilder.Entity<Node>(b =>
        {
            b.ToTable("catalog_nodes");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            Store(b.Property(x => x.StoreId));
            b.Property(x => x.HierarchyId).HasColumnName("hierarchy_id");
            b.Property(x => x.ParentId).HasColumnName("parent_id");
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(CatalogLimits.MaxNameLength);
            b.Property(x => x.Description).HasColumnName("description").HasMaxLength(CatalogLimits.MaxDescriptionLength);
            b.Property(x => x.Slug).HasColumnName("slug").HasMaxLength(CatalogLimits.MaxCodeLength);
            b.Property(x => x.SortOrder).HasColumnName("sort_order");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            b.HasOne<Hierarchy>().WithMany().HasForeignKey(x => x.HierarchyId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(x => new { x.HierarchyId, x.CreatedAt }, "ix_catalog_nodes_hierarchy_created");
        });
        modelBuilder.Entity<NodeProduct>(b =>
        {
            b.ToTable("catalog_node_products");
            b.HasKey(x => new { x.NodeId, x.ProductId });
            Store(b.Property(x => x.StoreId));
            b.Property(x => x.NodeId).HasColumnName("node_id");
            b.Property(x => x.ProductId).HasColumnName("product_id");
            b.HasOne<Node>().WithMany().HasForeignKey(x => x.NodeId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(x => x.ProductId, "ix_catalog_node_products_product_id");
        });
        modelBuilder.Entity<Pricebook>(b =>
        {
            b.ToTable("catalog_pricebooks");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            Store(b.Property(x => x.StoreId));
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(CatalogLimits.MaxNameLength);
            b.Property(x => x.Description).HasColumnName("description").HasMaxLength(CatalogLimits.MaxDescriptionLength);
            b.Property(x => x.ExternalRef).HasColumnName("external_ref").HasMaxLength(CatalogLimits.MaxExternalRefLength);
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            b.HasIndex(x => new { x.StoreId, x.CreatedAt }, "ix_catalog_pricebooks_store_created");
            b.HasIndex(x => new { x.StoreId, x.ExternalRef }, "ux_catalog_pricebooks_store_external_ref").IsUnique().HasFilter("external_ref IS NOT NULL");
        });
        modelBuilder.Entity<ProductPrice>(b =>
        {
            b.ToTable("catalog_product_prices");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            Store(b.Property(x => x.StoreId));
            b.Property(x => x.PricebookId).HasColumnName("pricebook_id");
            b.Property(x => x.Sku).HasColumnName("sku").HasMaxLength(CatalogLimits.MaxCodeLength);
            b.Property(x => x.ExternalRef).HasColumnName("external_ref").HasMaxLength(CatalogLimits.MaxExternalRefLength);
            b.Property(x => x.Currencies).HasColumnName("currencies");
            b.Property(x => x.Sales).HasColumnName("sales");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            b.HasOne<Pricebook>().WithMany().HasForeignKey(x => x.PricebookId).OnDelete(DeleteBehavior.Cascade);
            // One price per sku in a price book; lists page in creation order.
            b.HasIndex(x => new { x.PricebookId, x.Sku }, "ux_catalog_product_prices_pricebook_sku").IsUnique();
            b.HasIndex(x => new { x.PricebookId, x.CreatedAt }, "ix_catalog_product_prices_pricebook_created");
            b.HasIndex(x => new { x.StoreId, x.ExternalRef }, "ux_catalog_product_prices_store_external_ref").IsUnique().HasFilter("external_ref IS NOT NULL");
        });
    }

    static void Store(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<string> store) =>
        store.HasColumnName("store_id").HasMaxLength(JobLimits.MaxStoreIdLength);
}
