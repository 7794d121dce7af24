using System.Net;
using Jobs.Tests.Api;
using Jobs.Tests.Support;

namespace Jobs.Tests.Catalog;

/// <summary><c>/pcm/hierarchies</c>: hierarchies, nested nodes and node products, per store.</summary>
public sealed class HierarchiesApi_Specs(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    ApiDriver Api => fixture.Api;

    async Task<string> CreateAsync(ApiDriver api, string path, string type, string attributes, string? parent = null)
    {
        var relationships = parent is null ? "" : ",\"relationships\":{\"parent\":{\"data\":{\"type\":\"node\",\"id\":\"" + parent + "\"}}}";
        var response = await api.PostAsync(path, "{\"data\":{\"type\":\"" + type + "\",\"attributes\":{" + attributes + "}" + relationships + "}}");
        Assert.True(response.Status == HttpStatusCode.Created, response.Body);
        return response.Json["data"]!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_hierarchy_holds_nested_nodes_with_their_products()
    {
        var hierarchy = await CreateAsync(Api, "/pcm/hierarchies", "hierarchy", "\"name\":\"Clothes\",\"slug\":\"clothes\"");
        var top = await CreateAsync(Api, $"/pcm/hierarchies/{hierarchy}/nodes", "node", "\"name\":\"Shirts\"");
        Api.Advance(TimeSpan.FromSeconds(1));
        var child = await CreateAsync(Api, $"/pcm/hierarchies/{hierarchy}/nodes", "node", "\"name\":\"T-Shirts\"", parent: top);
        var product = await CreateAsync(Api, "/pcm/products", "product", "\"name\":\"Tee\"");

        var placed = await Api.PostAsync($"/pcm/hierarchies/{hierarchy}/nodes/{child}/relationships/products",
            $$"""{"data":[{"type":"product","id":"{{product}}"}]}""");
        var nodes = await Api.GetAsync($"/pcm/hierarchies/{hierarchy}/nodes");
        var got = await Api.GetAsync($"/pcm/hierarchies/{hierarchy}/nodes/{child}");
        var products = await Api.GetAsync($"/pcm/hierarchies/{hierarchy}/nodes/{child}/products");

        Assert.Equal(HttpStatusCode.Created, placed.Status);
        Assert.Equal("clothes", (await Api.GetAsync($"/pcm/hierarchies/{hierarchy}")).Json["data"]!["attributes"]!["slug"]!.GetValue<string>());
        Assert.Equal([top, child], nodes.Json["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
        Assert.Null(nodes.Json["data"]![0]!["relationships"]!["parent"]!["data"]);
        Assert.Equal(top, got.Json["data"]!["relationships"]!["parent"]!["data"]!["id"]!.GetValue<string>());
        Assert.Equal("node", got.Json["data"]!["type"]!.GetValue<string>());
        Assert.Equal([product], products.Json["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
        Assert.Equal(1, products.Json["meta"]!["results"]!["total"]!.GetValue<long>());
        Assert.Empty((await Api.GetAsync($"/pcm/hierarchies/{hierarchy}/nodes/{top}/products")).Json["data"]!.AsArray());
    }

    [Fact]
    public async Task A_parent_from_another_hierarchy_or_an_unknown_product_is_a_422()
    {
        var first = await CreateAsync(Api, "/pcm/hierarchies", "hierarchy", "\"name\":\"One\"");
        var second = await CreateAsync(Api, "/pcm/hierarchies", "hierarchy", "\"name\":\"Two\"");
        var elsewhere = await CreateAsync(Api, $"/pcm/hierarchies/{first}/nodes", "node", "\"name\":\"Elsewhere\"");
        var node = await CreateAsync(Api, $"/pcm/hierarchies/{second}/nodes", "node", "\"name\":\"Here\"");

        var badParent = await Api.PostAsync($"/pcm/hierarchies/{second}/nodes",
            "{\"data\":{\"type\":\"node\",\"attributes\":{\"name\":\"Lost\"},\"relationships\":{\"parent\":{\"data\":{\"type\":\"node\",\"id\":\"" + elsewhere + "\"}}}}}");
        var badProduct = await Api.PostAsync($"/pcm/hierarchies/{second}/nodes/{node}/relationships/products",
            $$"""{"data":[{"type":"product","id":"{{Guid.NewGuid()}}"}]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, badParent.Status);
        Assert.Equal("/data/relationships/parent/data", badParent.Json["errors"]![0]!["source"]!["pointer"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badProduct.Status);
        Assert.Equal(1, (await Api.GetAsync($"/pcm/hierarchies/{second}/nodes")).Json["meta"]!["results"]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_node_without_a_name_is_a_422()
    {
        var hierarchy = await CreateAsync(Api, "/pcm/hierarchies", "hierarchy", "\"name\":\"Named\"");

        var response = await Api.PostAsync($"/pcm/hierarchies/{hierarchy}/nodes", """{"data":{"type":"node","attributes":{"description":"no name"}}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("/data/attributes/name", response.Json["errors"]![0]!["source"]!["pointer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_stores_hierarchy_and_its_nodes_are_a_404()
    {
        var hierarchy = await CreateAsync(Api.As(TestAuth.StoreA), "/pcm/hierarchies", "hierarchy", "\"name\":\"Mine\"");
        var node = await CreateAsync(Api.As(TestAuth.StoreA), $"/pcm/hierarchies/{hierarchy}/nodes", "node", "\"name\":\"Mine\"");
        var other = Api.As(TestAuth.StoreB);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/pcm/hierarchies/{hierarchy}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/pcm/hierarchies/{hierarchy}/nodes")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/pcm/hierarchies/{hierarchy}/nodes/{node}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/pcm/hierarchies/{hierarchy}/nodes", """{"data":{"type":"node","attributes":{"name":"x"}}}""")).Status);
    }
}
