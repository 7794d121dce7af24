using System.Net;
using System.Text.Json.Nodes;
using Jobs.Tests.Api;
using Jobs.Tests.Support;

namespace Jobs.Tests.Catalog;

/// <summary>
/// <c>/pcm/products</c>: create, get, list with a filter, partial update and delete, per store; unique sku, slug and
/// external_ref; bad input answered with pointers.
/// </summary>
public sealed class ProductsApi_Specs(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    ApiDriver Api => fixture.Api;

    static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    static string Body(JsonObject attributes) => new JsonObject { ["data"] = new JsonObject { ["type"] = "product", ["attributes"] = attributes } }.ToJsonString();

    async Task<JsonNode> CreateAsync(ApiDriver api, JsonObject attributes)
    {
        var response = await api.PostAsync("/pcm/products", Body(attributes));
        Assert.True(response.Status == HttpStatusCode.Created, response.Body);
        return response.Json["data"]!;
    }

    static string[] Pointers(ApiResponse response) =>
        [.. response.Json["errors"]!.AsArray().Select(e => e!["source"]!["pointer"]!.GetValue<string>()).Order()];

    [Fact]
    public async Task A_created_product_is_got_back_with_its_attributes_meta_and_link()
    {
        var sku = Unique("sku");
        var now = Api.Advance(TimeSpan.FromSeconds(1));
        var created = await CreateAsync(Api, new()
        {
            ["name"] = "Shirt", ["sku"] = sku, ["slug"] = sku, ["status"] = "live", ["commodity_type"] = "digital",
            ["tags"] = new JsonArray("a", "b"), ["external_ref"] = Unique("ref"), ["mpn"] = "m-1", ["upc_ean"] = "123",
        });
        var id = created["id"]!.GetValue<string>();

        var got = await Api.GetAsync($"/pcm/products/{id}");

        Assert.Equal(HttpStatusCode.OK, got.Status);
        var data = got.Json["data"]!;
        Assert.Equal("product", data["type"]!.GetValue<string>());
        Assert.Equal("Shirt", data["attributes"]!["name"]!.GetValue<string>());
        Assert.Equal(sku, data["attributes"]!["sku"]!.GetValue<string>());
        Assert.Equal("live", data["attributes"]!["status"]!.GetValue<string>());
        Assert.Equal("digital", data["attributes"]!["commodity_type"]!.GetValue<string>());
        Assert.Equal(["a", "b"], data["attributes"]!["tags"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal("store", data["meta"]!["owner"]!.GetValue<string>());
        Assert.Equal(now.UtcDateTime, data["meta"]!["created_at"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.Equal($"/pcm/products/{id}", data["links"]!["self"]!.GetValue<string>());
        Assert.Null(data["relationships"]!["base_product"]!["data"]);
    }

    [Fact]
    public async Task A_product_defaults_to_draft_and_physical()
    {
        var created = await CreateAsync(Api, new() { ["name"] = "Plain" });

        Assert.Equal("draft", created["attributes"]!["status"]!.GetValue<string>());
        Assert.Equal("physical", created["attributes"]!["commodity_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_taken_sku_slug_or_external_ref_is_a_409_naming_each_and_nothing_is_created()
    {
        var (sku, slug, externalRef) = (Unique("sku"), Unique("slug"), Unique("ref"));
        await CreateAsync(Api, new() { ["name"] = "First", ["sku"] = sku, ["slug"] = slug, ["external_ref"] = externalRef });
        var before = (await Api.GetAsync("/pcm/products")).Json["meta"]!["results"]!["total"]!.GetValue<long>();

        var response = await Api.PostAsync("/pcm/products", Body(new() { ["name"] = "Second", ["sku"] = sku, ["slug"] = slug, ["external_ref"] = externalRef }));

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal(["/data/attributes/external_ref", "/data/attributes/sku", "/data/attributes/slug"], Pointers(response));
        Assert.All(response.Json["errors"]!.AsArray(), e => Assert.Equal("Must be unique amongst products.", e!["detail"]!.GetValue<string>()));
        Assert.Equal(before, (await Api.GetAsync("/pcm/products")).Json["meta"]!["results"]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_same_sku_in_another_store_is_fine()
    {
        var sku = Unique("sku");
        await CreateAsync(Api.As(TestAuth.StoreA), new() { ["name"] = "A", ["sku"] = sku });

        await CreateAsync(Api.As(TestAuth.StoreB), new() { ["name"] = "B", ["sku"] = sku });
    }

    [Fact]
    public async Task Bad_input_is_a_422_with_a_pointer_for_each_problem()
    {
        var tags = new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode)$"t{i}")]);

        var response = await Api.PostAsync("/pcm/products", Body(new() { ["status"] = "published", ["tags"] = tags, ["commodity_type"] = 3 }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(["/data/attributes/commodity_type", "/data/attributes/name", "/data/attributes/status", "/data/attributes/tags"], Pointers(response));
        Assert.Equal("Failed Validation", response.Json["errors"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_type_is_a_422_and_malformed_json_a_400()
    {
        var wrongType = await Api.PostAsync("/pcm/products", """{"data":{"type":"node","attributes":{"name":"x"}}}""");
        var malformed = await Api.PostAsync("/pcm/products", """{"data":{"type":"product",""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongType.Status);
        Assert.Equal(["/data/type"], Pointers(wrongType));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
    }

    [Fact]
    public async Task The_list_is_paged_and_filtered_and_a_bad_filter_is_a_400()
    {
        var tag = Unique("tag")[..20];
        foreach (var i in Enumerable.Range(0, 3))
        {
            Api.Advance(TimeSpan.FromSeconds(1));
            await CreateAsync(Api, new() { ["name"] = $"Listed {i}", ["sku"] = $"{tag}-{i}" });
        }

        var page = await Api.GetAsync($"/pcm/products?filter=like(sku,{tag}*)&page[limit]=2");
        var bad = await Api.GetAsync("/pcm/products?filter=gt(sku,1)");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["Listed 0", "Listed 1"], page.Json["data"]!.AsArray().Select(x => x!["attributes"]!["name"]!.GetValue<string>()));
        Assert.Equal(3, page.Json["meta"]!["results"]!["total"]!.GetValue<long>());
        Assert.Contains("page[offset]=2", page.Json["links"]!["next"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("filter", bad.Json["errors"]![0]!["source"]!["parameter"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_update_changes_only_the_attributes_it_names_and_keeps_uniqueness()
    {
        var taken = Unique("sku");
        await CreateAsync(Api, new() { ["name"] = "Other", ["sku"] = taken });
        var created = await CreateAsync(Api, new() { ["name"] = "Before", ["sku"] = Unique("sku"), ["description"] = "kept" });
        var id = created["id"]!.GetValue<string>();

        var updated = await Api.SendAsync(HttpMethod.Put, $"/pcm/products/{id}", Body(new() { ["name"] = "After", ["status"] = "live" }), "application/json");
        var clash = await Api.SendAsync(HttpMethod.Put, $"/pcm/products/{id}", Body(new() { ["sku"] = taken }), "application/json");

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var attributes = (await Api.GetAsync($"/pcm/products/{id}")).Json["data"]!["attributes"]!;
        Assert.Equal("After", attributes["name"]!.GetValue<string>());
        Assert.Equal("live", attributes["status"]!.GetValue<string>());
        Assert.Equal("kept", attributes["description"]!.GetValue<string>());
        Assert.Equal(created["attributes"]!["sku"]!.GetValue<string>(), attributes["sku"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
    }

    [Fact]
    public async Task A_deleted_product_is_gone()
    {
        var id = (await CreateAsync(Api, new() { ["name"] = "Doomed" }))["id"]!.GetValue<string>();

        var deleted = await Api.SendAsync(HttpMethod.Delete, $"/pcm/products/{id}", null, null);

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"/pcm/products/{id}")).Status);
    }

    [Fact]
    public async Task Another_stores_product_is_a_404_to_get_update_and_delete_and_absent_from_its_list()
    {
        var sku = Unique("sku");
        var id = (await CreateAsync(Api.As(TestAuth.StoreA), new() { ["name"] = "Mine", ["sku"] = sku }))["id"]!.GetValue<string>();
        var other = Api.As(TestAuth.StoreB);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/pcm/products/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Put, $"/pcm/products/{id}", Body(new() { ["name"] = "Theirs" }), "application/json")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Delete, $"/pcm/products/{id}", null, null)).Status);
        Assert.Equal(0, (await other.GetAsync($"/pcm/products?filter=eq(sku,{sku})")).Json["meta"]!["results"]!["total"]!.GetValue<long>());
        Assert.Equal("Mine", (await Api.As(TestAuth.StoreA).GetAsync($"/pcm/products/{id}")).Json["data"]!["attributes"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("/pcm/products/not-a-uuid")).Status);
    }
}
