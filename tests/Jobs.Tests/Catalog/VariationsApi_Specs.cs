using System.Net;
using Jobs.Catalog;
using Jobs.Tests.Api;
using Jobs.Tests.Support;

namespace Jobs.Tests.Catalog;

/// <summary><c>/pcm/variations</c> with options, and variations attached to a product, bounded and per store.</summary>
public sealed class VariationsApi_Specs(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    ApiDriver Api => fixture.Api;

    async Task<string> CreateAsync(ApiDriver api, string path, string type, string attributes)
    {
        var response = await api.PostAsync(path, "{\"data\":{\"type\":\"" + type + "\",\"attributes\":{" + attributes + "}}}");
        Assert.True(response.Status == HttpStatusCode.Created, response.Body);
        return response.Json["data"]!["id"]!.GetValue<string>();
    }

    Task<string> VariationAsync(ApiDriver api, string name) => CreateAsync(api, "/pcm/variations", "product-variation", $"\"name\":\"{name}\"");

    static string Identifiers(params string[] ids) =>
        $$"""{"data":[{{string.Join(",", ids.Select(id => $$"""{"type":"product-variation","id":"{{id}}"}"""))}}]}""";

    [Fact]
    public async Task A_variation_shows_its_options_in_order()
    {
        var variation = await VariationAsync(Api, "Size");
        await CreateAsync(Api, $"/pcm/variations/{variation}/options", "product-variation-option", "\"name\":\"Small\",\"description\":\"S\"");
        Api.Advance(TimeSpan.FromSeconds(1));
        await CreateAsync(Api, $"/pcm/variations/{variation}/options", "product-variation-option", "\"name\":\"Large\"");

        var got = await Api.GetAsync($"/pcm/variations/{variation}");
        var options = await Api.GetAsync($"/pcm/variations/{variation}/options");

        Assert.Equal(HttpStatusCode.OK, got.Status);
        Assert.Equal("product-variation", got.Json["data"]!["type"]!.GetValue<string>());
        Assert.Equal(["Small", "Large"], got.Json["data"]!["meta"]!["options"]!.AsArray().Select(x => x!["name"]!.GetValue<string>()));
        Assert.Equal(["Small", "Large"], options.Json["data"]!.AsArray().Select(x => x!["attributes"]!["name"]!.GetValue<string>()));
        Assert.Equal("product-variation-option", options.Json["data"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(2, options.Json["meta"]!["results"]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_variation_takes_no_more_options_than_the_limit()
    {
        var variation = await VariationAsync(Api, "Many");
        foreach (var i in Enumerable.Range(0, CatalogLimits.MaxVariationOptions))
            await CreateAsync(Api, $"/pcm/variations/{variation}/options", "product-variation-option", $"\"name\":\"o{i}\"");

        var response = await Api.PostAsync($"/pcm/variations/{variation}/options", """{"data":{"type":"product-variation-option","attributes":{"name":"one more"}}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(CatalogLimits.MaxVariationOptions, (await Api.GetAsync($"/pcm/variations/{variation}")).Json["data"]!["meta"]!["options"]!.AsArray().Count);
    }

    [Fact]
    public async Task Variations_attached_to_a_product_are_added_to_and_listed()
    {
        var product = await CreateAsync(Api, "/pcm/products", "product", "\"name\":\"Shirt\"");
        var (size, colour) = (await VariationAsync(Api, "Size"), await VariationAsync(Api, "Colour"));

        var first = await Api.PostAsync($"/pcm/products/{product}/relationships/variations", Identifiers(size));
        var second = await Api.PostAsync($"/pcm/products/{product}/relationships/variations", Identifiers(colour, size));
        var listed = await Api.GetAsync($"/pcm/products/{product}/relationships/variations");

        Assert.Equal(HttpStatusCode.NoContent, first.Status);
        Assert.Equal(HttpStatusCode.NoContent, second.Status);
        Assert.Equal(new[] { size, colour }.Order(), listed.Json["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).Order());
        Assert.All(listed.Json["data"]!.AsArray(), x => Assert.Equal("product-variation", x!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_product_takes_no_more_variations_than_the_limit_nor_another_stores()
    {
        var product = await CreateAsync(Api, "/pcm/products", "product", "\"name\":\"Busy\"");
        var ids = new List<string>();
        foreach (var i in Enumerable.Range(0, CatalogLimits.MaxProductVariations + 1))
            ids.Add(await VariationAsync(Api, $"v{i}"));
        var foreign = await VariationAsync(Api.As(TestAuth.StoreB), "Theirs");

        var tooMany = await Api.PostAsync($"/pcm/products/{product}/relationships/variations", Identifiers([.. ids]));
        var fromAnotherStore = await Api.PostAsync($"/pcm/products/{product}/relationships/variations", Identifiers(foreign));
        var wrongType = await Api.PostAsync($"/pcm/products/{product}/relationships/variations", """{"data":[{"type":"product","id":"x"}]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fromAnotherStore.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongType.Status);
        Assert.Equal("/data/0", wrongType.Json["errors"]![0]!["source"]!["pointer"]!.GetValue<string>());
        Assert.Empty((await Api.GetAsync($"/pcm/products/{product}/relationships/variations")).Json["data"]!.AsArray());
    }

    [Fact]
    public async Task Another_stores_variation_is_a_404()
    {
        var variation = await VariationAsync(Api.As(TestAuth.StoreA), "Mine");

        Assert.Equal(HttpStatusCode.NotFound, (await Api.As(TestAuth.StoreB).GetAsync($"/pcm/variations/{variation}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.As(TestAuth.StoreB).PostAsync($"/pcm/variations/{variation}/options",
            """{"data":{"type":"product-variation-option","attributes":{"name":"x"}}}""")).Status);
    }
}
