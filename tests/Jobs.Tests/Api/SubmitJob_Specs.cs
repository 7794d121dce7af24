using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Jobs.Contracts;
using Jobs.Tests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Api;

/// <summary><c>POST /pcm/jobs</c> with the runner paused, so that every job recorded stays pending.</summary>
public sealed class SubmitJob_Specs(PausedRunnerFixture fixture) : IClassFixture<PausedRunnerFixture>
{
    const string Jobs = "/pcm/jobs";
    const string AllTypes = "child-products, product-import, product-export, hierarchy-duplicate, price-import";
    static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    ApiDriver Api => fixture.Api;

    public static TheoryData<string, string, string> Submissions => new()
    {
        // job type, meta sent, meta shown (x_request_id added by the spec)
        { JobTypes.ProductExport, "null", """{"file_locations":null}""" },
        { JobTypes.ProductExport, """{"filter":"eq(sku,product-1)"}""", """{"file_locations":null,"filter":"eq(sku,product-1)"}""" },
        { JobTypes.HierarchyDuplicate, """{"copied_from":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b","name":"Summer copy"}""", """{"copied_from":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"}""" },
        { JobTypes.ChildProducts, """{"product_id":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}""", "{}" },
        { JobTypes.ProductImport, """{"file_location":"s3://uploads/products.csv","parameters":{"locale":"en-GB"}}""", "{}" },
        { JobTypes.PriceImport, """{"file_location":"s3://uploads/prices.jsonl"}""", "{}" },
    };

    static string Body(string type, Guid? id, string meta)
    {
        var data = new JsonObject { ["type"] = "pim-job", ["attributes"] = new JsonObject { ["type"] = type }, ["meta"] = JsonNode.Parse(meta) };
        if (id is not null)
            data["id"] = id.Value.ToString();
        return new JsonObject { ["data"] = data }.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(Submissions))]
    public async Task Submit_answers_201_with_the_pending_job_and_its_location(string type, string sentMeta, string shownMeta)
    {
        var id = Guid.NewGuid();
        var submitted = Api.Advance(Step);

        var response = await Api.PostAsync(Jobs, Body(type, id, sentMeta), headers: ("X-Request-Id", "submit-spec-7"));

        var meta = JsonNode.Parse(shownMeta)!.AsObject();
        meta["x_request_id"] = "submit-spec-7";
        var expected = Expect.Document(Expect.Job(id, type, JobStatuses.Pending, JobTimes.Pending(submitted), meta));
        response.Is(HttpStatusCode.Created, expected);
        Assert.Equal($"/pcm/jobs/{id}", response.Location);
        Assert.Equal("submit-spec-7", response.RequestId);
        GetJob_Specs.AssertTimestampText(response.Body, "started_at", "completed_at");
        Api.Advance(Step);
        (await Api.GetAsync(response.Location!)).Is(HttpStatusCode.OK, expected);
    }

    [Fact]
    public async Task Submit_records_what_the_job_type_needs_and_the_parameters()
    {
        var id = Guid.NewGuid();
        var product = Guid.NewGuid();

        var response = await Api.PostAsync(Jobs, Body(JobTypes.ChildProducts, id,
            $$$"""{"product_id":"{{{product}}}","parameters":{"rebuild":"true","note":"ü ✓"}}"""));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(new Dictionary<string, string> { [JobParameters.ProductId] = product.ToString(), ["rebuild"] = "true", ["note"] = "ü ✓" },
            await Api.RecordedParametersAsync(id));
        Assert.Equal(JobTypes.ChildProducts, (await Api.GetAsync($"{Jobs}/{id}")).Json["data"]!["attributes"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_request_id_the_generated_one_becomes_x_request_id()
    {
        var id = Guid.NewGuid();
        var submitted = Api.Advance(Step);

        var response = await Api.PostAsync(Jobs, Body(JobTypes.ProductExport, id, "{}"));

        Assert.True(Guid.TryParse(response.RequestId, out _), $"generated request id '{response.RequestId}'");
        response.Is(HttpStatusCode.Created, Expect.Document(Expect.Job(id, JobTypes.ProductExport, JobStatuses.Pending, JobTimes.Pending(submitted),
            Expect.ExportMeta(response.RequestId!))));
    }

    [Fact]
    public async Task Without_data_id_or_idempotency_key_every_submission_is_a_new_job()
    {
        var before = await Api.ListedTotalAsync();

        var first = await Api.PostAsync(Jobs, Body(JobTypes.ProductExport, null, "{}"));
        var second = await Api.PostAsync(Jobs, Body(JobTypes.ProductExport, null, "{}"));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, second.Status);
        var firstId = Guid.Parse(first.Json["data"]!["id"]!.GetValue<string>());
        var secondId = Guid.Parse(second.Json["data"]!["id"]!.GetValue<string>());
        Assert.NotEqual(firstId, secondId);
        Assert.Equal($"/pcm/jobs/{firstId}", first.Location);
        Assert.Equal(before + 2, await Api.ListedTotalAsync());
    }

    [Fact]
    public async Task Retrying_with_the_same_data_id_answers_200_with_the_job_and_records_it_once()
    {
        var id = Guid.NewGuid();
        var before = await Api.ListedTotalAsync();
        var body = Body(JobTypes.HierarchyDuplicate, id, """{"copied_from":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"}""");
        var submitted = Api.Advance(Step);

        var created = await Api.PostAsync(Jobs, body, headers: ("X-Request-Id", "first-try"));
        Api.Advance(Step);
        var retried = await Api.PostAsync(Jobs, body, headers: ("X-Request-Id", "second-try"));
        Api.Advance(Step);
        var again = await Api.PostAsync(Jobs, body);

        var expected = Expect.Document(Expect.Job(id, JobTypes.HierarchyDuplicate, JobStatuses.Pending, JobTimes.Pending(submitted),
            Expect.DuplicateMeta("first-try", Guid.Parse("3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"))));
        created.Is(HttpStatusCode.Created, expected);
        retried.Is(HttpStatusCode.OK, expected);
        again.Is(HttpStatusCode.OK, expected);
        Assert.Null(retried.Location);
        Assert.Equal("second-try", retried.RequestId);
        Assert.Equal(before + 1, await Api.ListedTotalAsync());
    }

    [Fact]
    public async Task A_retry_answers_the_job_as_it_is_now()
    {
        var id = Guid.NewGuid();
        var body = Body(JobTypes.PriceImport, id, """{"file_location":"s3://uploads/prices.jsonl"}""");
        var submitted = Api.Advance(Step);
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync(Jobs, body, headers: ("X-Request-Id", "price-1"))).Status);
        var cancelled = Api.Advance(Step);
        Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync($"/pcm/jobs/{id}/cancel", null)).Status);
        Api.Advance(Step);

        var retried = await Api.PostAsync(Jobs, body);

        retried.Is(HttpStatusCode.OK, Expect.Document(Expect.Job(id, JobTypes.PriceImport, JobStatuses.Cancelled, JobTimes.Cancelled(submitted, cancelled),
            Expect.Meta("price-1"))));
    }

    [Fact]
    public async Task Retrying_with_the_same_idempotency_key_answers_200_with_the_job_and_records_it_once()
    {
        var key = $"import-{Guid.NewGuid()}";
        var before = await Api.ListedTotalAsync();
        var body = Body(JobTypes.ProductImport, null, """{"file_location":"s3://uploads/products.csv"}""");
        var submitted = Api.Advance(Step);

        var created = await Api.PostAsync(Jobs, body, headers: [("Idempotency-Key", key), ("X-Request-Id", "import-try-1")]);
        Api.Advance(Step);
        var retried = await Api.PostAsync(Jobs, body, headers: [("Idempotency-Key", key), ("X-Request-Id", "import-try-2")]);
        var other = await Api.PostAsync(Jobs, body, headers: ("Idempotency-Key", $"{key}-other"));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = Guid.Parse(created.Json["data"]!["id"]!.GetValue<string>());
        Assert.Equal($"/pcm/jobs/{id}", created.Location);
        var expected = Expect.Document(Expect.Job(id, JobTypes.ProductImport, JobStatuses.Pending, JobTimes.Pending(submitted), Expect.Meta("import-try-1")));
        created.Is(HttpStatusCode.Created, expected);
        retried.Is(HttpStatusCode.OK, expected);
        Assert.Equal(HttpStatusCode.Created, other.Status);
        Assert.NotEqual(id.ToString(), other.Json["data"]!["id"]!.GetValue<string>());
        Assert.Equal(before + 2, await Api.ListedTotalAsync());
    }

    public static TheoryData<string> OtherParameters => new()
    {
        Body(JobTypes.HierarchyDuplicate, null, """{"copied_from":"00c0ffee-0000-4000-8000-000000000001"}"""),
        Body(JobTypes.HierarchyDuplicate, null, """{"copied_from":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b","name":"Winter copy"}"""),
        Body(JobTypes.HierarchyDuplicate, null, """{"copied_from":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b","name":"Summer copy","include_products":"true"}"""),
        Body(JobTypes.HierarchyDuplicate, null, """{"copied_from":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"}"""),
        Body(JobTypes.ProductExport, null, "{}"),
    };

    const string Original = """{"copied_from":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b","name":"Summer copy"}""";

    [Theory]
    [MemberData(nameof(OtherParameters))]
    public async Task The_same_data_id_with_other_parameters_is_a_409_and_changes_nothing(string other)
    {
        var id = Guid.NewGuid();
        var original = await Api.PostAsync(Jobs, Body(JobTypes.HierarchyDuplicate, id, Original));
        Assert.Equal(HttpStatusCode.Created, original.Status);
        var before = await Api.ListedTotalAsync();
        var otherWithId = JsonNode.Parse(other)!;
        otherWithId["data"]!["id"] = id.ToString();
        Api.Advance(Step);

        var response = await Api.PostAsync(Jobs, otherWithId.ToJsonString());

        response.Is(HttpStatusCode.Conflict,
            $$$"""{"errors":[{"status":"409","title":"Conflict","detail":"job {{{id}}} already exists with other parameters","source":{"pointer":"/data/id"}}]}""");
        Assert.Equal(before, await Api.ListedTotalAsync());
        (await Api.GetAsync($"/pcm/jobs/{id}")).Is(HttpStatusCode.OK, original.Json);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_other_parameters_is_a_409()
    {
        var key = $"dup-{Guid.NewGuid()}";
        var original = await Api.PostAsync(Jobs, Body(JobTypes.HierarchyDuplicate, null, Original), headers: ("Idempotency-Key", key));
        Assert.Equal(HttpStatusCode.Created, original.Status);
        var id = original.Json["data"]!["id"]!.GetValue<string>();

        var response = await Api.PostAsync(Jobs, Body(JobTypes.HierarchyDuplicate, null, """{"copied_from":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"}"""),
            headers: ("Idempotency-Key", key));

        response.Is(HttpStatusCode.Conflict,
            $$$"""{"errors":[{"status":"409","title":"Conflict","detail":"the Idempotency-Key names job {{{id}}}, which was submitted with other parameters"}]}""");
    }

    static string Problems(params (string Detail, string Pointer)[] problems) =>
        Expect.Errors([.. problems.Select(p => Expect.Error(422, "Failed Validation", p.Detail, pointer: p.Pointer))]).ToJsonString();

    public static TheoryData<string, string> Invalid => new()
    {
        { "{}", Problems(("data can not be empty", "/data")) },
        { """{"data":null}""", Problems(("data can not be empty", "/data")) },
        { """{"data":[{"type":"pim-job"}]}""", Problems(("data can not be empty", "/data")) },
        { """{"type":"pim-job","attributes":{"type":"product-export"}}""", Problems(("data can not be empty", "/data")) },
        { """{"data":{"type":"job","attributes":{"type":"product-export"}}}""", Problems(("data.type must be pim-job", "/data/type")) },
        { """{"data":{"attributes":{"type":"product-export"}}}""", Problems(("data.type must be pim-job", "/data/type")) },
        { """{"data":{"type":"pim-job"}}""", Problems(($"data.attributes.type is required; it must be one of {AllTypes}", "/data/attributes/type")) },
        { """{"data":{"type":"pim-job","attributes":{}}}""", Problems(($"data.attributes.type is required; it must be one of {AllTypes}", "/data/attributes/type")) },
        { """{"data":{"type":"pim-job","attributes":{"type":""}}}""", Problems(($"data.attributes.type is required; it must be one of {AllTypes}", "/data/attributes/type")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"pricebook-import"}}}""", Problems(($"data.attributes.type 'pricebook-import' is not a job type; it must be one of {AllTypes}", "/data/attributes/type")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"Product-Export"}}}""", Problems(($"data.attributes.type 'Product-Export' is not a job type; it must be one of {AllTypes}", "/data/attributes/type")) },
        // What each job type needs.
        { """{"data":{"type":"pim-job","attributes":{"type":"hierarchy-duplicate"}}}""",
            Problems(("data.meta.copied_from is required for a hierarchy-duplicate job (the hierarchy to copy)", "/data/meta/copied_from")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"child-products"},"meta":{"copied_from":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"}}}""",
            Problems(("data.meta.product_id is required for a child-products job (the parent product)", "/data/meta/product_id")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"product-import"},"meta":{}}}""",
            Problems(("data.meta.file_location is required for a product-import job (where the uploaded file is stored)", "/data/meta/file_location")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"price-import"},"meta":{"file_location":"  "}}}""",
            Problems(("data.meta.file_location is required for a price-import job (where the uploaded file is stored)", "/data/meta/file_location")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"hierarchy-duplicate"},"meta":{"copied_from":"hierarchy-1"}}}""",
            Problems(("data.meta.copied_from must be a UUID", "/data/meta/copied_from")) },
        // Wrong JSON types.
        { """{"data":{"type":7,"attributes":{"type":"product-export"}}}""",
            Problems(("data.type must be a string", "/data/type")) },
        { """{"data":{"type":"pim-job","attributes":{"type":["product-export"]}}}""",
            Problems(("data.attributes.type must be a string", "/data/attributes/type")) },
        { """{"data":{"id":42,"type":"pim-job","attributes":{"type":"product-export"}}}""", Problems(("data.id must be a string", "/data/id")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"product-export"},"meta":"eq(sku,1)"}}""", Problems(("data.meta must be an object", "/data/meta")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"product-export"},"meta":{"filter":{"eq":"sku"}}}}""",
            Problems(("data.meta.filter must be a string", "/data/meta/filter")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"product-export"},"meta":{"parameters":{"retries":3}}}}""",
            Problems(("data.meta.parameters must be an object of strings", "/data/meta/parameters")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"product-export"},"meta":{"parameters":["a"]}}}""",
            Problems(("data.meta.parameters must be an object of strings", "/data/meta/parameters")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"product-import"},"meta":{"file_location":true}}}""",
            Problems(("data.meta.file_location must be a string", "/data/meta/file_location")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"child-products"},"meta":{"product_id":12}}}""",
            Problems(("data.meta.product_id must be a string", "/data/meta/product_id")) },
        // An id that is not a UUID.
        { """{"data":{"id":"job-1","type":"pim-job","attributes":{"type":"product-export"}}}""", Problems(("data.id must be a UUID", "/data/id")) },
        { """{"data":{"id":"00000000-0000-0000-0000-000000000000","type":"pim-job","attributes":{"type":"product-export"}}}""", Problems(("data.id must be a UUID", "/data/id")) },
        // Every problem at once: first the body's shape, then what the values must be.
        { """{"data":{"id":"x","type":"job","attributes":{"type":"nope"},"meta":{"filter":1}}}""",
            Problems(("data.type must be pim-job", "/data/type"), ("data.id must be a UUID", "/data/id"), ("data.meta.filter must be a string", "/data/meta/filter"),
                ($"data.attributes.type 'nope' is not a job type; it must be one of {AllTypes}", "/data/attributes/type")) },
        // Names: a meta member that is no parameter, a declared parameter among the further options, a name no parameter can have.
        { """{"data":{"type":"pim-job","attributes":{"type":"hierarchy-duplicate"},"meta":{"copied_form":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b","copied_from":"3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"}}}""",
            Problems(("data.meta.copied_form is not a job parameter; the job types take product_id, file_location, filter, copied_from, name, description, include_products, file_compression, and further options go in data.meta.parameters", "/data/meta/copied_form")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"product-export"},"meta":{"parameters":{"filter":"eq(sku,x)"}}}}""",
            Problems(("data.meta.parameters.filter is a parameter of its own: send it as data.meta.filter", "/data/meta/parameters/filter")) },
        { """{"data":{"type":"pim-job","attributes":{"type":"product-export"},"meta":{"parameters":{"no spaces":"x"}}}}""",
            Problems(("data.meta has an entry named 'no spaces'; parameter names are 1 to 64 letters, digits, '_', '-' or '.'", "/data/meta")) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task An_invalid_submission_is_a_422_pointing_at_each_problem_and_records_nothing(string body, string expected)
    {
        var before = await Api.RowCountAsync();

        var response = await Api.PostAsync(Jobs, body);

        response.Is(HttpStatusCode.UnprocessableEntity, expected);
        Assert.Equal(before, await Api.RowCountAsync());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"data":{"type":"pim-job",}}""")]
    [InlineData("data=pim-job")]
    public async Task Malformed_json_is_a_400(string body)
    {
        var response = await Api.PostAsync(Jobs, body);

        response.Is(HttpStatusCode.BadRequest, Expect.MalformedJson(body));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"pim-job\"")]
    [InlineData("null")]
    public async Task Json_that_is_not_an_object_is_a_400(string body)
    {
        var response = await Api.PostAsync(Jobs, body);

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest("The request body must be a JSON object."));
    }

    [Theory]
    [InlineData("", "application/json")]
    [InlineData("   ", "application/json")]
    [InlineData(null, null)]
    public async Task An_empty_body_is_a_400(string? body, string? contentType)
    {
        var response = await Api.PostAsync(Jobs, body, contentType);

        response.Is(HttpStatusCode.BadRequest, Expect.BadRequest("The request needs a JSON body."));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_is_a_415(string? contentType)
    {
        var response = await Api.PostAsync(Jobs, ApiDriver.SubmitBody(JobTypes.ProductExport), contentType);

        response.Is((HttpStatusCode)415, Expect.Errors(Expect.Error(415, "Unsupported Media Type",
            $"Send the body as application/json, not '{contentType ?? "no content type"}'.")));
    }

    [Fact]
    public async Task A_json_api_media_type_is_accepted()
    {
        var id = Guid.NewGuid();

        var response = await Api.PostAsync(Jobs, ApiDriver.SubmitBody(JobTypes.ProductExport, id), "application/vnd.api+json");

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal($"/pcm/jobs/{id}", response.Location);
    }
}

/// <summary><c>POST /pcm/jobs</c> with the job service away.</summary>
public sealed class SubmitJobUnanswered_Specs
{
    [Fact]
    public async Task Submit_answers_a_503_in_time_when_the_job_service_does_not_answer()
    {
        await using var factory = new JobsApiFactory(new Dictionary<string, string?> { ["Jobs:Api:RequestTimeout"] = "00:00:00.300" });
        var api = new ApiDriver(factory);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/pcm/jobs")).Status);
        await factory.Services.GetRequiredService<IBusControl>().StopAsync(TestContext.Current.CancellationToken);

        var clock = Stopwatch.StartNew();
        var response = await api.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport, Guid.NewGuid()));
        var elapsed = clock.Elapsed;

        response.Is(HttpStatusCode.ServiceUnavailable, Expect.Errors(Expect.Error(503, "Service Unavailable",
            "The job service did not answer in time; the job may still be recorded. Retry with the same data.id or Idempotency-Key.")));
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"the 503 took {elapsed}");
    }
}
