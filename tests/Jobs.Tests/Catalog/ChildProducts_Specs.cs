using System.Net;
using Jobs.Catalog.Model;
using Jobs.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Tests.Catalog;

/// <summary><c>POST /pcm/products/{id}/build</c> and the <c>child-products</c> job it creates.</summary>
public sealed class ChildProducts_Specs(CatalogJobsFixture fixture) : IClassFixture<CatalogJobsFixture>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A live, digital base product with the given variations attached (each: name, sort order, option names).</summary>
    async Task<(Guid Product, string Code)> SeedAsync(params (string Name, int Order, string[] Options)[] variations)
    {
        var product = Guid.NewGuid();
        var code = $"tee{product.ToString("N")[..8]}";
        await fixture.SeedAsync(db =>
        {
            db.Products.Add(new Product
            {
                Id = product, StoreId = JobStores.Default, Name = "Tee", Sku = code.ToUpperInvariant(), Slug = code,
                Status = ProductStatuses.Live, CommodityType = CommodityTypes.Digital,
            });
            foreach (var (name, order, options) in variations)
                db.ProductVariations.Add(new ProductVariation { StoreId = JobStores.Default, ProductId = product, VariationId = AddVariation(db, name, order, options) });
        });
        return (product, code);
    }

    static Guid AddVariation(Jobs.Catalog.Persistence.CatalogDbContext db, string name, int order, string[] options)
    {
        var variation = new Variation { Id = Guid.NewGuid(), StoreId = JobStores.Default, Name = name, SortOrder = order };
        variation.Options.AddRange(options.Select((o, i) => new VariationOption { Id = Guid.NewGuid(), StoreId = JobStores.Default, VariationId = variation.Id, Name = o, SortOrder = i }));
        db.Variations.Add(variation);
        return variation.Id;
    }

    Task<List<Product>> ChildrenAsync(Guid product) =>
        fixture.ReadAsync(db => db.Products.Where(p => p.ParentId == product).OrderBy(p => p.Sku).ToListAsync(Ct));

    async Task<Guid> BuildAsync(Guid product, string status, string? body = null)
    {
        var job = CatalogJobsFixture.CreatedJob(await fixture.Api.PostAsync($"/pcm/products/{product}/build", body));
        await fixture.Api.WaitForStatusAsync(job, status);
        return job;
    }

    [Fact]
    public async Task Two_sizes_by_three_colours_build_six_children_with_derived_skus_slugs_and_names()
    {
        var (product, code) = await SeedAsync(("Colour", 2, ["Red", "Deep Blue", "Green"]), ("Size", 1, ["Small", "Large"]));

        await BuildAsync(product, JobStatuses.Success);

        var children = await ChildrenAsync(product);
        var sku = code.ToUpperInvariant();
        Assert.Equal(
            [$"{sku}-large-deep-blue", $"{sku}-large-green", $"{sku}-large-red", $"{sku}-small-deep-blue", $"{sku}-small-green", $"{sku}-small-red"],
            children.Select(c => c.Sku));
        Assert.Equal($"{code}-small-deep-blue", children.Single(c => c.Sku == $"{sku}-small-deep-blue").Slug);
        Assert.Equal("Tee Small Deep Blue", children.Single(c => c.Sku == $"{sku}-small-deep-blue").Name);
        Assert.All(children, c => Assert.Equal((ProductStatuses.Live, CommodityTypes.Digital, JobStores.Default), (c.Status, c.CommodityType, c.StoreId)));
    }

    [Fact]
    public async Task A_rebuild_replaces_the_children_keeping_the_ids_of_combinations_that_remain()
    {
        var (product, code) = await SeedAsync(("Size", 1, ["Small", "Large"]), ("Colour", 2, ["Red", "Blue", "Green"]));
        await BuildAsync(product, JobStatuses.Success, "{}");
        var first = await ChildrenAsync(product);

        await BuildAsync(product, JobStatuses.Success);
        var again = await ChildrenAsync(product);
        Assert.Equal(first.Select(c => (c.Id, c.Sku)), again.Select(c => (c.Id, c.Sku)));

        await fixture.SeedAsync(db =>
        {
            db.ProductVariations.RemoveRange(db.ProductVariations.Where(pv => pv.ProductId == product));
            db.ProductVariations.Add(new ProductVariation { StoreId = JobStores.Default, ProductId = product, VariationId = AddVariation(db, "Material", 1, ["Cotton", "Wool", "Linen"]) });
            db.ProductVariations.Add(new ProductVariation { StoreId = JobStores.Default, ProductId = product, VariationId = AddVariation(db, "Fit", 2, ["Slim", "Loose"]) });
        });
        await BuildAsync(product, JobStatuses.Success);

        var rebuilt = await ChildrenAsync(product);
        Assert.Equal(6, rebuilt.Count);
        Assert.All(rebuilt, c => Assert.Matches($"^{code.ToUpperInvariant()}-(cotton|wool|linen)-(slim|loose)$", c.Sku!));
        Assert.Empty(rebuilt.Select(c => c.Id).Intersect(first.Select(c => c.Id)));
        Assert.Equal(0, await fixture.ReadAsync(db => db.Products.CountAsync(p => first.Select(f => f.Id).Contains(p.Id), Ct)));
    }

    [Theory]
    [InlineData("Größe")]
    [InlineData("★★")]
    [InlineData("-")]
    public async Task An_option_that_cannot_make_a_url_safe_slug_fails_the_job_naming_it_and_builds_nothing(string option)
    {
        var (product, _) = await SeedAsync(("Size", 1, ["Small", option]), ("Colour", 2, ["Red"]));

        var job = await BuildAsync(product, JobStatuses.Failed);

        var error = Assert.Single(await fixture.ErrorsAsync(job));
        Assert.StartsWith("slug must be URL compatible", error);
        Assert.Contains($"'{option}'", error);
        Assert.Empty(await ChildrenAsync(product));
    }

    [Fact]
    public async Task A_failed_rebuild_leaves_the_earlier_children()
    {
        var (product, _) = await SeedAsync(("Size", 1, ["Small", "Large"]));
        await BuildAsync(product, JobStatuses.Success);
        await fixture.SeedAsync(db =>
            db.ProductVariations.Add(new ProductVariation { StoreId = JobStores.Default, ProductId = product, VariationId = AddVariation(db, "Colour", 2, ["Red", "!!"]) }));

        await BuildAsync(product, JobStatuses.Failed);

        Assert.Equal(2, (await ChildrenAsync(product)).Count);
    }

    [Fact]
    public async Task An_unknown_product_is_a_404_and_one_without_variations_a_422_and_neither_makes_a_job()
    {
        var (bare, _) = await SeedAsync();
        var before = await fixture.Api.RowCountAsync();

        var unknown = await fixture.Api.PostAsync($"/pcm/products/{Guid.NewGuid()}/build", null);
        var noVariations = await fixture.Api.PostAsync($"/pcm/products/{bare}/build", "{}");
        var otherStore = await fixture.Api.As(Jobs.Tests.Support.TestAuth.StoreB).PostAsync($"/pcm/products/{bare}/build", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noVariations.Status);
        Assert.Contains("no variations", noVariations.Json["errors"]![0]!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, otherStore.Status);
        Assert.Equal(before, await fixture.Api.RowCountAsync());
    }
}
