using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jobs.Contracts;

namespace Jobs.Tests.Api;

/// <summary>The OpenAPI document and the API reference page, both served by the API itself.</summary>
public sealed partial class OpenApi_Specs(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    ApiDriver Api => fixture.Api;

    async Task<JsonNode> DocumentAsync()
    {
        var response = await Api.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.MediaType);
        return response.Json;
    }

    [Fact]
    public async Task OpenApi_lists_the_token_endpoint_the_jobs_and_the_catalog_operations_and_nothing_else()
    {
        var document = await DocumentAsync();

        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key} {op.Value!["operationId"]}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "DELETE /pcm/products/{productID} DeleteProduct",
            "GET /pcm/hierarchies ListHierarchies",
            "GET /pcm/hierarchies/{hierarchyID} GetHierarchy",
            "GET /pcm/hierarchies/{hierarchyID}/nodes ListNodes",
            "GET /pcm/hierarchies/{hierarchyID}/nodes/{nodeID} GetNode",
            "GET /pcm/hierarchies/{hierarchyID}/nodes/{nodeID}/products ListNodeProducts",
            "GET /pcm/jobs ListJobs",
            "GET /pcm/jobs/{jobID} GetJob",
            "GET /pcm/jobs/{jobID}/errors GetJobErrors",
            "GET /pcm/pricebooks ListPricebooks",
            "GET /pcm/pricebooks/{pricebookID} GetPricebook",
            "GET /pcm/pricebooks/{pricebookID}/prices ListProductPrices",
            "GET /pcm/pricebooks/{pricebookID}/prices/{priceID} GetProductPrice",
            "GET /pcm/products ListProducts",
            "GET /pcm/products/{productID} GetProduct",
            "GET /pcm/products/{productID}/relationships/variations GetProductVariationRelationships",
            "GET /pcm/variations ListVariations",
            "GET /pcm/variations/{variationID} GetVariation",
            "GET /pcm/variations/{variationID}/options ListVariationOptions",
            "POST /oauth/access_token CreateAccessToken",
            "POST /pcm/hierarchies CreateHierarchy",
            "POST /pcm/hierarchies/{hierarchyID}/duplicate_job DuplicateHierarchy",
            "POST /pcm/hierarchies/{hierarchyID}/nodes CreateNode",
            "POST /pcm/hierarchies/{hierarchyID}/nodes/{nodeID}/relationships/products CreateNodeProductRelationships",
            "POST /pcm/jobs SubmitJob",
            "POST /pcm/jobs/{jobID}/cancel CancelJob",
            "POST /pcm/pricebooks CreatePricebook",
            "POST /pcm/pricebooks/import ImportPrices",
            "POST /pcm/pricebooks/{pricebookID}/prices CreateProductPrice",
            "POST /pcm/products CreateProduct",
            "POST /pcm/products/export ExportProducts",
            "POST /pcm/products/import ImportProducts",
            "POST /pcm/products/{productID}/build BuildChildProducts",
            "POST /pcm/products/{productID}/relationships/variations CreateProductVariationRelationships",
            "POST /pcm/variations CreateVariation",
            "POST /pcm/variations/{variationID}/options CreateVariationOption",
            "PUT /pcm/products/{productID} UpdateProduct",
        ], operations);
    }

    [Theory]
    [InlineData("/oauth/access_token", "post", new[] { "200", "400", "401", "413", "500" })]
    [InlineData("/pcm/jobs", "get", new[] { "200", "400", "401", "500" })]
    [InlineData("/pcm/jobs", "post", new[] { "200", "201", "400", "401", "409", "413", "415", "422", "500", "503" })]
    [InlineData("/pcm/jobs/{jobID}", "get", new[] { "200", "400", "401", "404", "500" })]
    [InlineData("/pcm/jobs/{jobID}/errors", "get", new[] { "200", "400", "401", "404", "500" })]
    [InlineData("/pcm/jobs/{jobID}/cancel", "post", new[] { "200", "400", "401", "404", "413", "415", "422", "500", "503" })]
    public async Task OpenApi_lists_every_status_an_operation_answers_with_its_body(string path, string method, string[] statuses)
    {
        var operation = (await DocumentAsync())["paths"]![path]![method]!;

        var responses = operation["responses"]!.AsObject();
        Assert.Equal(statuses, responses.Select(r => r.Key).Order(StringComparer.Ordinal));
        foreach (var (status, response) in responses)
        {
            var schema = response!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
            if (status.StartsWith('2'))
                Assert.DoesNotContain("ErrorDocument", schema, StringComparison.Ordinal);
            else
                Assert.Equal("#/components/schemas/ErrorDocument", schema);
        }

        var requestId = Assert.Single(operation["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "X-Request-Id")!;
        Assert.Equal("header", requestId["in"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/pcm/jobs")]
    [InlineData("/pcm/jobs/{jobID}/errors")]
    public async Task OpenApi_describes_the_paging_parameters_as_bounded_integers(string path)
    {
        var parameters = (await DocumentAsync())["paths"]![path]!["get"]!["parameters"]!.AsArray();

        var limit = Assert.Single(parameters, p => p!["name"]!.GetValue<string>() == "page[limit]")!;
        var offset = Assert.Single(parameters, p => p!["name"]!.GetValue<string>() == "page[offset]")!;
        Assert.Equal("query", limit["in"]!.GetValue<string>());
        JsonAssert.Equal("""{"type":"integer","minimum":1,"maximum":100,"default":25}""", limit["schema"]!.ToJsonString());
        JsonAssert.Equal("""{"type":"integer","minimum":0,"maximum":10000,"default":0}""", offset["schema"]!.ToJsonString());
    }

    [Fact]
    public async Task OpenApi_describes_the_job_id_as_a_uuid_and_the_sort_as_its_two_words()
    {
        var paths = (await DocumentAsync())["paths"]!;

        foreach (var (path, method) in new[] { ("/pcm/jobs/{jobID}", "get"), ("/pcm/jobs/{jobID}/errors", "get"), ("/pcm/jobs/{jobID}/cancel", "post") })
        {
            var jobId = Assert.Single(paths[path]![method]!["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "jobID")!;
            JsonAssert.Equal("""{"type":"string","format":"uuid"}""", jobId["schema"]!.ToJsonString());
        }

        var sort = Assert.Single(paths["/pcm/jobs"]!["get"]!["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "sort")!;
        JsonAssert.Equal("""{"type":"string","enum":["created_at","-created_at"]}""", sort["schema"]!.ToJsonString());
    }

    [Fact]
    public async Task OpenApi_describes_a_jobs_meta_and_a_submissions_parameters_from_the_job_types()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        var shown = JobTypes.Definitions.SelectMany(d => d.Parameters).Where(p => p.ShownInMeta).Select(p => p.Name).Distinct();
        Assert.Equal(["x_request_id", .. shown, "hierarchy_id", "file_locations", "progress"], Members(schemas["JobMeta"]!));
        var declared = JobTypes.Definitions.SelectMany(d => d.Parameters).DistinctBy(p => p.Name).ToList();
        Assert.Equal(["parameters", .. declared.Select(p => p.Name)], Members(schemas["SubmitJobRequestMeta"]!));
        foreach (var parameter in declared)
        {
            var schema = schemas["SubmitJobRequestMeta"]!["properties"]![parameter.Name]!;
            if (parameter.Kind == JobParameterKind.Uuid)
                Assert.Equal("uuid", schema["format"]!.GetValue<string>());
            else
                Assert.Equal(parameter.MaxLength, schema["maxLength"]!.GetValue<int>());
        }

        Assert.Equal(JobTypes.All, Enum(schemas["JobAttributes"]!["properties"]!["type"]!));
        Assert.Equal(JobTypes.All, Enum(schemas["SubmitJobRequestAttributes"]!["properties"]!["type"]!));
        Assert.Equal(JobStatuses.All, Enum(schemas["JobAttributes"]!["properties"]!["status"]!));
    }

    [Fact]
    public async Task OpenApi_declares_the_bearer_scheme_and_every_jobs_operation_requires_it_but_not_the_token_endpoint()
    {
        var document = await DocumentAsync();

        var scheme = document["components"]!["securitySchemes"]!["bearerAuth"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        Assert.Equal("JWT", scheme["bearerFormat"]!.GetValue<string>());
        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Operation: op.Value!))).ToList();
        Assert.Equal(37, operations.Count);
        foreach (var (path, operation) in operations)
        {
            if (path == "/oauth/access_token")
                Assert.Null(operation["security"]);
            else
                JsonAssert.Equal("""[{"bearerAuth":[]}]""", operation["security"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task OpenApi_describes_the_token_request_as_a_bounded_form_and_its_answer_as_elastic_path_has_it()
    {
        var document = await DocumentAsync();
        var operation = document["paths"]!["/oauth/access_token"]!["post"]!;

        JsonAssert.Equal("""
            {"required":["grant_type","client_id","client_secret"],"type":"object",
             "properties":{"grant_type":{"enum":["client_credentials"],"type":"string"},
                           "client_id":{"maxLength":128,"type":"string"},"client_secret":{"maxLength":256,"type":"string"}}}
            """, operation["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!.ToJsonString());
        var answer = document["components"]!["schemas"]!["AccessTokenDocument"]!;
        Assert.Equal(["access_token", "token_type", "expires_in", "expires", "identifier"], Members(answer));
        Assert.Equal(Members(answer), answer["required"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task The_reference_page_asks_for_a_bearer_token()
    {
        var page = await Api.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("""
            "authentication":{"preferredSecurityScheme":["bearerAuth"]}
            """, page.Body, StringComparison.Ordinal);
    }

    static IEnumerable<string> Members(JsonNode schema) => schema["properties"]!.AsObject().Select(p => p.Key);

    static IEnumerable<string> Enum(JsonNode schema) => schema["enum"]!.AsArray().Select(v => v!.GetValue<string>());

    [GeneratedRegex("""<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrLink();

    [GeneratedRegex("""import\s[^'"]*['"]([^'"]+)['"]""")]
    private static partial Regex ModuleImport();

    [Fact]
    public async Task The_reference_page_loads_only_what_the_api_serves_itself()
    {
        var page = await Api.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", page.MediaType);
        var urls = ScriptOrLink().Matches(page.Body).Select(m => m.Groups[1].Value)
            .Concat(ModuleImport().Matches(page.Body).Select(m => m.Groups[1].Value))
            .ToList();
        Assert.Contains("scalar.js", urls);
        foreach (var url in urls)
        {
            Assert.DoesNotMatch("^(?i:https?:)?//", url);
            var served = await Api.GetAsync(new Uri(new Uri("http://localhost/docs/"), url).AbsolutePath);
            Assert.True(served.Status == HttpStatusCode.OK, $"{url} answered {(int)served.Status}");
        }

        Assert.DoesNotMatch("""<(?:script|link)\b[^>]*(?i:https?:)//""", page.Body);
    }

    [Fact]
    public async Task The_reference_script_is_served_by_the_api()
    {
        var script = await Api.GetAsync("/docs/scalar.js");

        Assert.Equal(HttpStatusCode.OK, script.Status);
        Assert.Equal("text/javascript", script.MediaType);
        Assert.True(script.Body.Length > 10_000, "scalar.js should be the whole bundle");
    }

    [Fact]
    public async Task The_root_redirects_to_the_dashboard_and_docs_to_the_reference_page()
    {
        var root = await Api.GetAsync("/");
        var docs = await Api.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.Redirect, root.Status);
        Assert.Equal("/dashboard/", root.Location);
        Assert.Equal(HttpStatusCode.Redirect, docs.Status);
        Assert.Equal("/docs/", new Uri(new Uri("http://localhost/docs"), docs.Location).AbsolutePath);
    }
}
