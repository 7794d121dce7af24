using System.Net;
using Jobs.Catalog.Model;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Catalog;

/// <summary><c>POST /pcm/hierarchies/{id}/duplicate_job</c> and the <c>hierarchy-duplicate</c> job it creates.</summary>
public sealed class HierarchyDuplicate_Specs(CatalogJobsFixture fixture) : IClassFixture<CatalogJobsFixture>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A hierarchy "Shoes" with the tree Men › Boots › Hiking and Women, and a product in Men and one in Boots.</summary>
    sealed record Source(Guid Hierarchy, Guid ManProduct, Guid BootProduct);

    async Task<Source> SeedAsync(string store = JobStores.Default)
    {
        var hierarchy = Guid.NewGuid();
        Guid men = Guid.NewGuid(), boots = Guid.NewGuid(), hiking = Guid.NewGuid(), women = Guid.NewGuid();
        Guid manProduct = Guid.NewGuid(), bootProduct = Guid.NewGuid();
        await fixture.SeedAsync(db =>
        {
            db.Hierarchies.Add(new Hierarchy { Id = hierarchy, StoreId = store, Name = "Shoes", Description = "All shoes", Slug = "shoes" });
            db.Nodes.AddRange(
                new Node { Id = men, StoreId = store, HierarchyId = hierarchy, Name = "Men", Slug = "men", SortOrder = 1 },
                new Node { Id = boots, StoreId = store, HierarchyId = hierarchy, ParentId = men, Name = "Boots" },
                new Node { Id = hiking, StoreId = store, HierarchyId = hierarchy, ParentId = boots, Name = "Hiking" },
                new Node { Id = women, StoreId = store, HierarchyId = hierarchy, Name = "Women" });
            db.Products.AddRange(
                new Product { Id = manProduct, StoreId = store, Name = "Loafer" },
                new Product { Id = bootProduct, StoreId = store, Name = "Trail boot" });
            db.NodeProducts.AddRange(
                new NodeProduct { StoreId = store, NodeId = men, ProductId = manProduct },
                new NodeProduct { StoreId = store, NodeId = boots, ProductId = bootProduct });
        });
        return new Source(hierarchy, manProduct, bootProduct);
    }

    /// <summary>Each node of a hierarchy as "name < parent's name", and each node's products as "name: product".</summary>
    async Task<(List<string> Tree, List<string> Products)> ShapeAsync(Guid hierarchy) => await fixture.ReadAsync(async db =>
    {
        var nodes = await db.Nodes.Where(n => n.HierarchyId == hierarchy).ToListAsync(Ct);
        var names = nodes.ToDictionary(n => n.Id, n => n.Name);
        var ids = names.Keys.ToList();
        var placements = await db.NodeProducts.Where(p => ids.Contains(p.NodeId)).ToListAsync(Ct);
        return (nodes.Select(n => $"{n.Name} < {(n.ParentId is { } p ? names[p] : "-")}").Order().ToList(),
            placements.Select(p => $"{names[p.NodeId]}: {p.ProductId}").Order().ToList());
    });

    async Task<(Guid Job, Guid Copy)> DuplicateAsync(Guid hierarchy, string? body)
    {
        var job = CatalogJobsFixture.CreatedJob(await fixture.Api.PostAsync($"/pcm/hierarchies/{hierarchy}/duplicate_job", body));
        await fixture.Api.WaitForStatusAsync(job, JobStatuses.Success);
        var meta = (await fixture.Api.GetAsync($"/pcm/jobs/{job}")).Json["data"]!["meta"]!;
        Assert.Equal(hierarchy.ToString(), meta["copied_from"]!.GetValue<string>());
        return (job, Guid.Parse(meta["hierarchy_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_duplicate_without_products_copies_the_tree_under_the_default_name()
    {
        var source = await SeedAsync();

        var (_, copy) = await DuplicateAsync(source.Hierarchy, body: null);

        Assert.NotEqual(source.Hierarchy, copy);
        var hierarchy = await fixture.ReadAsync(db => db.Hierarchies.SingleAsync(h => h.Id == copy, Ct));
        Assert.Equal(("Shoes - copy", "All shoes", "shoes", JobStores.Default), (hierarchy.Name, hierarchy.Description, hierarchy.Slug, hierarchy.StoreId));
        var (tree, products) = await ShapeAsync(copy);
        Assert.Equal(["Boots < Men", "Hiking < Boots", "Men < -", "Women < -"], tree);
        Assert.Empty(products);
        var (sourceTree, sourceProducts) = await ShapeAsync(source.Hierarchy);
        Assert.Equal(tree, sourceTree);
        Assert.Equal(2, sourceProducts.Count);
    }

    [Fact]
    public async Task A_duplicate_with_products_copies_which_products_are_in_which_node_under_the_name_given()
    {
        var source = await SeedAsync();

        var (_, copy) = await DuplicateAsync(source.Hierarchy,
            """{"data":{"type":"hierarchy","attributes":{"name":"Shoes 2027","description":"Next year's","include_products":true}}}""");

        var hierarchy = await fixture.ReadAsync(db => db.Hierarchies.SingleAsync(h => h.Id == copy, Ct));
        Assert.Equal(("Shoes 2027", "Next year's"), (hierarchy.Name, hierarchy.Description));
        var (tree, products) = await ShapeAsync(copy);
        Assert.Equal(["Boots < Men", "Hiking < Boots", "Men < -", "Women < -"], tree);
        Assert.Equal([$"Boots: {source.BootProduct}", $"Men: {source.ManProduct}"], products);
        var copiedNodes = await fixture.ReadAsync(db => db.Nodes.Where(n => n.HierarchyId == copy).Select(n => n.Id).ToListAsync(Ct));
        var sourceNodes = await fixture.ReadAsync(db => db.Nodes.Where(n => n.HierarchyId == source.Hierarchy).Select(n => n.Id).ToListAsync(Ct));
        Assert.Empty(copiedNodes.Intersect(sourceNodes));
    }

    [Fact]
    public async Task Two_duplicates_of_one_hierarchy_are_two_copies()
    {
        var source = await SeedAsync();

        var (_, first) = await DuplicateAsync(source.Hierarchy, "{}");
        var (_, second) = await DuplicateAsync(source.Hierarchy, """{"data":{"type":"hierarchy","attributes":{}}}""");

        Assert.NotEqual(first, second);
        Assert.Equal(4, (await ShapeAsync(first)).Tree.Count);
        Assert.Equal(4, (await ShapeAsync(second)).Tree.Count);
    }

    [Fact]
    public async Task Running_the_same_job_again_leaves_one_copy()
    {
        var source = await SeedAsync();
        var handler = fixture.Factory.Services.GetServices<IJobHandler>().Single(h => h.JobType == JobTypes.HierarchyDuplicate);
        var job = new JobExecution
        {
            JobId = Guid.NewGuid(), JobType = JobTypes.HierarchyDuplicate, StoreId = JobStores.Default, Attempt = 1,
            Parameters = new Dictionary<string, string> { [JobParameters.CopiedFrom] = source.Hierarchy.ToString(), [JobParameters.IncludeProducts] = "true" },
        };

        var first = await handler.RunAsync(job, Ct);
        var second = await handler.RunAsync(job with { Attempt = 2 }, Ct);

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Equal(first.HierarchyId, second.HierarchyId);
        Assert.Equal(1, await fixture.ReadAsync(db => db.Hierarchies.CountAsync(h => h.Name == "Shoes - copy" && h.Id == second.HierarchyId, Ct)));
        var (tree, products) = await ShapeAsync(second.HierarchyId!.Value);
        Assert.Equal(4, tree.Count);
        Assert.Equal(2, products.Count);
    }

    [Fact]
    public async Task A_source_gone_by_the_time_the_job_runs_fails_it()
    {
        var handler = fixture.Factory.Services.GetServices<IJobHandler>().Single(h => h.JobType == JobTypes.HierarchyDuplicate);
        var missing = Guid.NewGuid();

        var result = await handler.RunAsync(new JobExecution
        {
            JobId = Guid.NewGuid(), JobType = JobTypes.HierarchyDuplicate, StoreId = JobStores.Default, Attempt = 1,
            Parameters = new Dictionary<string, string> { [JobParameters.CopiedFrom] = missing.ToString() },
        }, Ct);

        Assert.Equal([$"hierarchy {missing} not found"], result.Errors);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task An_unknown_hierarchy_or_another_stores_is_a_404_and_no_job()
    {
        var others = await SeedAsync(TestAuth.StoreB);
        var before = await fixture.Api.RowCountAsync();

        var unknown = await fixture.Api.PostAsync($"/pcm/hierarchies/{Guid.NewGuid()}/duplicate_job", "{}");
        var another = await fixture.Api.PostAsync($"/pcm/hierarchies/{others.Hierarchy}/duplicate_job", "{}");
        var notAnId = await fixture.Api.PostAsync("/pcm/hierarchies/shoes/duplicate_job", "{}");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], [unknown.Status, another.Status, notAnId.Status]);
        Assert.Equal("Not Found", another.Json["errors"]![0]!["title"]!.GetValue<string>());
        Assert.Equal(before, await fixture.Api.RowCountAsync());
    }

    [Theory]
    [InlineData("""{"data":{"type":"hierarchy","attributes":{"include_products":"true"}}}""", "/data/attributes/include_products")]
    [InlineData("""{"data":{"type":"hierarchy","attributes":{"name":42}}}""", "/data/attributes/name")]
    [InlineData("""{"data":{"type":"hierarchy","attributes":{"name":"  "}}}""", "/data/attributes/name")]
    [InlineData("""{"data":{"type":"node","attributes":{}}}""", "/data/type")]
    public async Task Bad_attributes_are_a_422_naming_the_member_and_no_job(string body, string pointer)
    {
        var source = await SeedAsync();
        var before = await fixture.Api.RowCountAsync();

        var response = await fixture.Api.PostAsync($"/pcm/hierarchies/{source.Hierarchy}/duplicate_job", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(pointer, response.Json["errors"]![0]!["source"]!["pointer"]!.GetValue<string>());
        Assert.Equal(before, await fixture.Api.RowCountAsync());
    }

    [Fact]
    public async Task A_name_longer_than_the_catalog_takes_is_a_422()
    {
        var source = await SeedAsync();

        var response = await fixture.Api.PostAsync($"/pcm/hierarchies/{source.Hierarchy}/duplicate_job",
            """{"data":{"type":"hierarchy","attributes":{"name":"NAME"}}}""".Replace("NAME", new string('n', Jobs.Catalog.CatalogLimits.MaxNameLength + 1), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
    }
}
