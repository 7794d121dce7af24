using System.Net;
using System.Text.Json.Nodes;
using Jobs.Tests.Api;
using Jobs.Tests.Support;

namespace Jobs.Tests.Catalog;

/// <summary><c>/pcm/pricebooks</c> and their prices: Elastic Path's currencies, tiers and sales, checked and per store.</summary>
public sealed class PricebooksApi_Specs(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    ApiDriver Api => fixture.Api;

    async Task<string> PricebookAsync(ApiDriver api, string name)
    {
        var response = await api.PostAsync("/pcm/pricebooks", "{\"data\":{\"type\":\"pricebook\",\"attributes\":{\"name\":\"" + name + "\",\"external_ref\":\"" + name + "-ref\"}}}");
        Assert.True(response.Status == HttpStatusCode.Created, response.Body);
        return response.Json["data"]!["id"]!.GetValue<string>();
    }

    static string Price(string sku, string currencies, string? sales = null) =>
        "{\"data\":{\"type\":\"product-price\",\"attributes\":{\"sku\":\"" + sku + "\",\"currencies\":" + currencies + (sales is null ? "" : ",\"sales\":" + sales) + "}}}";

    static string[] Pointers(ApiResponse response) =>
        [.. response.Json["errors"]!.AsArray().Select(e => e!["source"]!["pointer"]!.GetValue<string>()).Order()];

    [Fact]
    public async Task A_price_book_holds_a_price_with_tiers_and_a_sale()
    {
        var pricebook = await PricebookAsync(Api, "Retail");
        var body = Price("shirt-1",
            """{"USD":{"amount":100,"includes_tax":false,"tiers":{"min_5":{"minimum_quantity":5,"amount":90}},"extra":1},"GBP":{"amount":73}}""",
            """{"summer":{"schedule":{"valid_from":"2024-06-01T00:00:00Z","valid_to":"2024-09-01T00:00:00Z"},"currencies":{"USD":{"amount":80,"includes_tax":true}}}}""");

        var created = await Api.PostAsync($"/pcm/pricebooks/{pricebook}/prices", body);
        var id = created.Json["data"]!["id"]!.GetValue<string>();
        var got = await Api.GetAsync($"/pcm/pricebooks/{pricebook}/prices/{id}");
        var listed = await Api.GetAsync($"/pcm/pricebooks/{pricebook}/prices");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var data = got.Json["data"]!;
        Assert.Equal("product-price", data["type"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"GBP":{"amount":73,"includes_tax":false},"USD":{"amount":100,"includes_tax":false,"tiers":{"min_5":{"minimum_quantity":5,"amount":90}}}}
            """), data["attributes"]!["currencies"]), data.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"summer":{"schedule":{"valid_from":"2024-06-01T00:00:00Z","valid_to":"2024-09-01T00:00:00Z"},"currencies":{"USD":{"amount":80,"includes_tax":true}}}}
            """), data["attributes"]!["sales"]), data.ToJsonString());
        Assert.Equal($"/pcm/pricebooks/{pricebook}/prices/{id}", data["links"]!["self"]!.GetValue<string>());
        Assert.Equal([id], listed.Json["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
        var book = (await Api.GetAsync($"/pcm/pricebooks/{pricebook}")).Json["data"]!;
        Assert.Equal("pricebook", book["type"]!.GetValue<string>());
        Assert.Equal("Retail-ref", book["attributes"]!["external_ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_currencies_and_sales_are_a_422_pointing_at_each_problem()
    {
        var pricebook = await PricebookAsync(Api, "Checked");

        var response = await Api.PostAsync($"/pcm/pricebooks/{pricebook}/prices", Price("bad-1",
            """{"usd":{"amount":1},"EUR":{"amount":-1},"USD":{"amount":5,"tiers":{"a":{"minimum_quantity":2},"b":{"minimum_quantity":2}}}}""",
            """{"flash":{"schedule":{"valid_from":"2024-02-01T00:00:00Z","valid_to":"2024-01-01T00:00:00Z"}}}"""));
        var empty = await Api.PostAsync($"/pcm/pricebooks/{pricebook}/prices", Price("bad-2", "{}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal([
            "/data/attributes/currencies/EUR/amount",
            "/data/attributes/currencies/USD/tiers/b/minimum_quantity",
            "/data/attributes/currencies/usd",
            "/data/attributes/sales/flash/currencies",
            "/data/attributes/sales/flash/schedule/valid_to",
        ], Pointers(response));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Status);
        Assert.Equal(0, (await Api.GetAsync($"/pcm/pricebooks/{pricebook}/prices")).Json["meta"]!["results"]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_second_price_for_a_sku_and_a_second_price_book_of_a_name_are_409s()
    {
        var pricebook = await PricebookAsync(Api, "Once");
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync($"/pcm/pricebooks/{pricebook}/prices", Price("dup", """{"USD":{"amount":1}}"""))).Status);

        var price = await Api.PostAsync($"/pcm/pricebooks/{pricebook}/prices", Price("dup", """{"USD":{"amount":2}}"""));
        var book = await Api.PostAsync("/pcm/pricebooks", """{"data":{"type":"pricebook","attributes":{"name":"Once"}}}""");

        Assert.Equal(HttpStatusCode.Conflict, price.Status);
        Assert.Equal(HttpStatusCode.Conflict, book.Status);
    }

    [Fact]
    public async Task A_price_book_needs_a_name()
    {
        var response = await Api.PostAsync("/pcm/pricebooks", """{"data":{"type":"pricebook","attributes":{"description":"nameless"}}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(["/data/attributes/name"], Pointers(response));
    }

    [Fact]
    public async Task Another_stores_price_book_and_prices_are_a_404()
    {
        var pricebook = await PricebookAsync(Api.As(TestAuth.StoreA), "Private");
        var created = await Api.As(TestAuth.StoreA).PostAsync($"/pcm/pricebooks/{pricebook}/prices", Price("p", """{"USD":{"amount":1}}"""));
        var price = created.Json["data"]!["id"]!.GetValue<string>();
        var other = Api.As(TestAuth.StoreB);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/pcm/pricebooks/{pricebook}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/pcm/pricebooks/{pricebook}/prices")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/pcm/pricebooks/{pricebook}/prices/{price}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/pcm/pricebooks/{pricebook}/prices", Price("q", """{"USD":{"amount":1}}"""))).Status);
    }
}
