using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Jobs.Tests.Api;

/// <summary>
/// Every answer of the jobs endpoints, good and bad, held to Elastic Path's published schemas
/// (<see cref="ElasticPathSchema"/>): an answer that a client generated from Elastic Path's document would reject
/// fails here. <c>POST /pcm/jobs</c>, which Elastic Path does not have, is held to the document's <c>single</c>
/// and <c>error</c> schemas.
/// </summary>
public sealed class ElasticPathSchema_Specs(JobsInEveryStatus scene) : IClassFixture<JobsInEveryStatus>
{
    public static TheoryData<string> Kinds => [.. JobsInEveryStatus.Kinds.Keys];

    public static TheoryData<string, string> KindsAndStatuses =>
        [.. JobsInEveryStatus.Kinds.Keys.SelectMany(kind => JobStatuses.All.Select(status => (kind, status)))];

    public static TheoryData<string> Lists => [.. JobsInEveryStatus.Lists];

    public static TheoryData<string> ErrorPages => [.. JobsInEveryStatus.ErrorPages];

    static void AssertAsDocumented(SchemaAnswer answer, int status)
    {
        Assert.True(answer.Status == status, $"{answer}, not {status}: {answer.Body}");
        AssertNoViolations(answer, ElasticPathSchema.Jobs.Violations(answer.Template, answer.Method, answer.Status, answer.MediaType, answer.Body));
    }

    /// <summary>For answers Elastic Path's document has no operation for: held to one of its schemas by name.</summary>
    static void AssertMatches(SchemaAnswer answer, int status, string schema)
    {
        Assert.True(answer.Status == status, $"{answer}, not {status}: {answer.Body}");
        Assert.True(answer.MediaType == "application/json", $"{answer}: every answer of the document is application/json");
        AssertNoViolations(answer, ElasticPathSchema.Jobs.Violations(schema, answer.Body));
    }

    static void AssertNoViolations(SchemaAnswer answer, IReadOnlyList<string> violations) =>
        Assert.True(violations.Count == 0,
            $"{answer} is not what Elastic Path's schema allows:\n  {string.Join("\n  ", violations)}\nThe body:\n{answer.Body}");

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Submit_answers_201_with_a_job_as_single_says(string kind) =>
        AssertMatches(scene.Answer($"submit {kind}"), 201, "single");

    [Theory]
    [MemberData(nameof(KindsAndStatuses))]
    public void Get_answers_a_job_in_any_status_as_documented(string kind, string status)
    {
        var answer = scene.Answer($"get {kind} {status}");

        Assert.Equal(status, JsonNode.Parse(answer.Body)!["data"]!["attributes"]!["status"]!.GetValue<string>());
        AssertAsDocumented(answer, 200);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Cancel_of_a_pending_job_answers_as_documented(string kind) =>
        AssertAsDocumented(scene.Answer($"cancel {kind} pending"), 200);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Cancel_of_a_started_job_is_a_422_as_documented(string kind) =>
        AssertAsDocumented(scene.Answer($"cancel {kind} started"), 422);

    [Theory]
    [InlineData(JobStatuses.Cancelled)]
    [InlineData(JobStatuses.Success)]
    [InlineData(JobStatuses.Failed)]
    public async Task Cancel_of_a_finished_job_is_a_422_as_documented(string status)
    {
        var id = scene.Job(JobsInEveryStatus.Kinds.Keys.First(), status);

        AssertAsDocumented(await scene.SendAsync(HttpMethod.Post, "/pcm/jobs/{jobID}/cancel", $"/pcm/jobs/{id}/cancel", "{}"), 422);
    }

    [Theory]
    [MemberData(nameof(ErrorPages))]
    public void A_page_of_errors_answers_as_documented(string page) =>
        AssertAsDocumented(scene.Answer($"errors {page}"), 200);

    [Theory]
    [MemberData(nameof(Lists))]
    public void A_list_answers_as_documented(string list) =>
        AssertAsDocumented(scene.Answer($"list {list}"), 200);

    [Theory]
    [InlineData("GET", "/pcm/jobs", "/pcm/jobs?page[limit]=0")]
    [InlineData("GET", "/pcm/jobs", "/pcm/jobs?page[limit]=many")]
    [InlineData("GET", "/pcm/jobs", "/pcm/jobs?page[offset]=-1")]
    [InlineData("GET", "/pcm/jobs", "/pcm/jobs?filter=eq(colour,red)")]
    [InlineData("GET", "/pcm/jobs", "/pcm/jobs?filter=status")]
    [InlineData("GET", "/pcm/jobs", "/pcm/jobs?sort=name")]
    [InlineData("GET", "/pcm/jobs/{jobID}", "/pcm/jobs/not-a-uuid")]
    [InlineData("GET", "/pcm/jobs/{jobID}/errors", "/pcm/jobs/not-a-uuid/errors")]
    [InlineData("GET", "/pcm/jobs/{jobID}/errors", "/pcm/jobs/{failed}/errors?page[limit]=101")]
    [InlineData("POST", "/pcm/jobs/{jobID}/cancel", "/pcm/jobs/not-a-uuid/cancel")]
    [InlineData("POST", "/pcm/jobs/{jobID}/cancel", "/pcm/jobs/{pending}/cancel", "{")]
    [InlineData("POST", "/pcm/jobs/{jobID}/cancel", "/pcm/jobs/{pending}/cancel", "[]")]
    public async Task A_bad_request_is_a_400_as_documented(string method, string template, string path, string? body = null)
    {
        var answer = await scene.SendAsync(new HttpMethod(method), template, scene.Resolve(path), body);

        AssertAsDocumented(answer, 400);
    }

    [Theory]
    [InlineData("GET", "/pcm/jobs/{jobID}", "/pcm/jobs/{unknown}")]
    [InlineData("GET", "/pcm/jobs/{jobID}/errors", "/pcm/jobs/{unknown}/errors")]
    [InlineData("POST", "/pcm/jobs/{jobID}/cancel", "/pcm/jobs/{unknown}/cancel")]
    public async Task An_unknown_job_is_a_404_as_documented(string method, string template, string path)
    {
        var answer = await scene.SendAsync(new HttpMethod(method), template, scene.Resolve(path), method == "POST" ? "{}" : null);

        AssertAsDocumented(answer, 404);
    }

    /// <summary>No operation of the document gives these answers: they are held to the schema of all its error answers.</summary>
    [Theory]
    [InlineData("GET", "/pcm/jobs/{unknown}/logs", 404)]
    [InlineData("GET", "/pcm/jobs/{pending}/cancel", 405)]
    [InlineData("GET", "/pcm/nothing", 404)]
    [InlineData("DELETE", "/pcm/jobs/{pending}", 405)]
    public async Task An_unknown_route_or_method_answers_an_error_as_the_document_writes_them(string method, string path, int status)
    {
        var answer = await scene.SendAsync(new HttpMethod(method), path, scene.Resolve(path));

        AssertMatches(answer, status, "error");
    }

    [Theory]
    [InlineData("{", "application/json", 400)]
    [InlineData("[]", "application/json", 400)]
    [InlineData("", "application/json", 400)]
    [InlineData("please run an export", "text/plain", 415)]
    [InlineData("""{"data":{"type":"pim-job","attributes":{"type":"child-products"}}}""", "application/json", 422)]
    [InlineData("""{"data":{"type":"pim-job","attributes":{"type":"catalog-release"}}}""", "application/json", 422)]
    [InlineData("""{"data":{"id":"{pending}","type":"pim-job","attributes":{"type":"price-import"},"meta":{"file_location":"https://files.example.com/other.csv"}}}""", "application/json", 409)]
    public async Task A_refused_submission_answers_an_error_as_the_document_writes_them(string body, string contentType, int status)
    {
        var answer = await scene.SendAsync(HttpMethod.Post, "/pcm/jobs", "/pcm/jobs", scene.Resolve(body), contentType);

        AssertMatches(answer, status, "error");
    }

    [Fact]
    public void Every_error_answer_of_the_document_is_its_error_schema()
    {
        foreach (var (template, method) in new[] { ("/pcm/jobs", "get"), ("/pcm/jobs/{jobID}", "get"), ("/pcm/jobs/{jobID}/cancel", "post"), ("/pcm/jobs/{jobID}/errors", "get") })
        {
            var errors = ElasticPathSchema.Jobs.DeclaredSchemas(template, method).Where(s => !s.Key.StartsWith('2')).ToList();
            Assert.NotEmpty(errors);
            Assert.All(errors, s => Assert.Equal("#/components/schemas/error", s.Value));
        }
    }

    const string PendingExport = """
        {"data":{"id":"d3b1c9f0-5b7e-4c1a-9e0f-2a6b8c4d1e3f","type":"pim-job",
         "attributes":{"type":"product-export","status":"pending","created_at":"2024-01-05T13:46:42.142Z",
                       "updated_at":"2024-01-05T13:46:42.142Z","started_at":null,"completed_at":null},
         "meta":{"x_request_id":"req-1","file_locations":null,"filter":"eq(sku,shirt-1)"}}}
        """;

    [Fact]
    public void The_validator_accepts_a_job_as_documented()
    {
        Assert.Empty(ElasticPathSchema.Jobs.Violations("/pcm/jobs/{jobID}", "get", 200, "application/json", PendingExport));
    }

    [Fact]
    public void The_validator_rejects_a_null_filter_naming_where_and_the_rule()
    {
        var body = PendingExport.Replace("\"eq(sku,shirt-1)\"", "null", StringComparison.Ordinal);

        var violations = ElasticPathSchema.Jobs.Violations("/pcm/jobs/{jobID}", "get", 200, "application/json", body);

        var violation = Assert.Single(violations);
        Assert.Contains("/data/meta/filter breaks #/components/schemas/job/properties/meta/properties/filter/type", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_holds_timestamps_to_date_time()
    {
        var body = PendingExport.Replace("\"created_at\":\"2024-01-05T13:46:42.142Z\"", "\"created_at\":\"2024-01-05 13:46\"", StringComparison.Ordinal);

        var violations = ElasticPathSchema.Jobs.Violations("/pcm/jobs/{jobID}", "get", 200, "application/json", body);

        Assert.Contains("/data/attributes/created_at breaks #/components/schemas/job/properties/attributes/properties/created_at/format", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_rejects_an_error_document_without_errors_and_a_status_that_is_a_number()
    {
        var missing = ElasticPathSchema.Jobs.Violations("/pcm/jobs/{jobID}", "get", 404, "application/json", """{"error":"Not Found"}""");
        var number = ElasticPathSchema.Jobs.Violations("/pcm/jobs/{jobID}", "get", 404, "application/json", """{"errors":[{"status":404,"title":"Not Found"}]}""");

        Assert.Contains("the document breaks #/components/schemas/error/required", Assert.Single(missing), StringComparison.Ordinal);
        Assert.Contains("/errors/0/status breaks #/components/schemas/error/properties/errors/items/properties/status/type", Assert.Single(number), StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_rejects_an_answer_the_document_does_not_declare()
    {
        const string body = """{"errors":[{"status":"415","title":"Unsupported Media Type"}]}""";

        Assert.Contains("declares no 415 answer", Assert.Single(ElasticPathSchema.Jobs.Violations("/pcm/jobs/{jobID}/cancel", "post", 415, "application/json", body)), StringComparison.Ordinal);
        Assert.Contains("declares no 'text/html' body", Assert.Single(ElasticPathSchema.Jobs.Violations("/pcm/jobs/{jobID}", "get", 404, "text/html", "<p>Not Found</p>")), StringComparison.Ordinal);
    }
}

/// <summary>One answer of the API, with the path template of the operation that gave it.</summary>
public sealed record SchemaAnswer(string Method, string Template, string Path, int Status, string? MediaType, string Body)
{
    public override string ToString() => $"{Method} {Path} (as {Template}) answered {Status} {MediaType}";
}

/// <summary>
/// One API, and what it answered about jobs of every kind in every status. The line runs one job at a time, so
/// each kind in turn: a <c>block</c> job holds the line started while a job behind it is seen pending and
/// another is cancelled; released, it succeeds; a <c>fail:</c> job fails with errors. Every answer is recorded as
/// it comes, since the statuses of the moment do not last.
/// </summary>
public sealed class JobsInEveryStatus : IAsyncLifetime
{
    /// <summary>Each job type with the meta it needs; product-export with and without its optional filter.</summary>
    public static IReadOnlyDictionary<string, (string Type, JsonObject Meta)> Kinds { get; } = new Dictionary<string, (string, JsonObject)>
    {
        ["child-products"] = (JobTypes.ChildProducts, new JsonObject { ["product_id"] = "6e2b9d41-8f3a-4a77-b0c2-5d1e7f9a3c24" }),
        ["product-import"] = (JobTypes.ProductImport, new JsonObject { ["file_location"] = "https://files.example.com/uploads/catalog.csv" }),
        ["product-export"] = (JobTypes.ProductExport, []),
        ["product-export with a filter"] = (JobTypes.ProductExport, new JsonObject { ["filter"] = "eq(sku,shirt-1)" }),
        ["hierarchy-duplicate"] = (JobTypes.HierarchyDuplicate, new JsonObject { ["copied_from"] = "0b7f6a52-4c1d-4c55-9a57-1f3e2d9c8b10" }),
        ["price-import"] = (JobTypes.PriceImport, new JsonObject { ["file_location"] = "https://files.example.com/uploads/prices.jsonl" }),
    };

    /// <summary>The lists recorded, by name, with what they ask.</summary>
    static readonly Dictionary<string, string> ListQueries = new(StringComparer.Ordinal)
    {
        ["of every job"] = "",
        ["second page of ten"] = "?page[limit]=10&page[offset]=10",
        ["past the end"] = "?page[offset]=1000",
        ["oldest first"] = "?sort=created_at",
        ["of failed jobs"] = "?filter=eq(status,failed)",
        ["of one type"] = "?filter=eq(type,child-products)",
    };

    const string WhileOneIsStarted = "while one job is started and others wait";

    public static IEnumerable<string> Lists => ListQueries.Keys.Append(WhileOneIsStarted);

    public static IEnumerable<string> ErrorPages => Kinds.Keys.Select(kind => $"of a failed {kind}").Concat(["one per page", "of a job that threw", "of a job that succeeded"]);

    readonly Dictionary<string, SchemaAnswer> _answers = new(StringComparer.Ordinal);
    readonly Dictionary<(string Kind, string Status), Guid> _jobs = [];
    readonly Guid _unknown = Guid.NewGuid();
    JobsApiFactory _factory = null!;
    HttpClient _http = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SchemaAnswer Answer(string name) =>
        _answers.TryGetValue(name, out var answer) ? answer : throw new KeyNotFoundException($"No answer '{name}' was recorded.");

    public Guid Job(string kind, string status) => _jobs[(kind, status)];

    /// <summary>Puts the ids of the scene's jobs into <paramref name="text"/>: <c>{pending}</c>, <c>{failed}</c>, <c>{unknown}</c>.</summary>
    public string Resolve(string text)
    {
        var first = Kinds.Keys.First();
        return text
            .Replace("{pending}", Job(first, JobStatuses.Pending).ToString(), StringComparison.Ordinal)
            .Replace("{failed}", Job(first, JobStatuses.Failed).ToString(), StringComparison.Ordinal)
            .Replace("{unknown}", _unknown.ToString(), StringComparison.Ordinal);
    }

    public async ValueTask InitializeAsync()
    {
        _factory = new JobsApiFactory();
        _http = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        // The clock stands still here: one token lasts the whole scene.
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await new ApiDriver(_factory).TokenAsync());
        foreach (var kind in Kinds.Keys)
            await PlayAsync(kind);

        var first = Kinds.Keys.First();
        Record("errors one per page", await SendAsync(HttpMethod.Get, "/pcm/jobs/{jobID}/errors", $"/pcm/jobs/{Job(first, JobStatuses.Failed)}/errors?page[limit]=1"));
        Record("errors of a job that succeeded", await SendAsync(HttpMethod.Get, "/pcm/jobs/{jobID}/errors", $"/pcm/jobs/{Job(first, JobStatuses.Success)}/errors"));
        var threw = await SubmitAsync(first, "throw:storage unreachable");
        await StatusAsync(threw, JobStatuses.Failed);
        Record("errors of a job that threw", await SendAsync(HttpMethod.Get, "/pcm/jobs/{jobID}/errors", $"/pcm/jobs/{threw}/errors"));
        foreach (var (name, query) in ListQueries)
            Record($"list {name}", await SendAsync(HttpMethod.Get, "/pcm/jobs", $"/pcm/jobs{query}"));
    }

    async Task PlayAsync(string kind)
    {
        var started = await SubmitAsync(kind, "block");
        await _factory.Script.StartedAsync(started);
        _jobs[(kind, JobStatuses.Started)] = started;
        Record($"get {kind} started", await StatusAsync(started, JobStatuses.Started));

        var pending = await SubmitAsync(kind, null, record: true);
        _jobs[(kind, JobStatuses.Pending)] = pending;
        Record($"get {kind} pending", await StatusAsync(pending, JobStatuses.Pending));

        var cancelled = await SubmitAsync(kind, null);
        _jobs[(kind, JobStatuses.Cancelled)] = cancelled;
        Record($"cancel {kind} pending", await SendAsync(HttpMethod.Post, "/pcm/jobs/{jobID}/cancel", $"/pcm/jobs/{cancelled}/cancel", "{}"));
        Record($"get {kind} cancelled", await StatusAsync(cancelled, JobStatuses.Cancelled));
        Record($"cancel {kind} started", await SendAsync(HttpMethod.Post, "/pcm/jobs/{jobID}/cancel", $"/pcm/jobs/{started}/cancel", "{}"));
        // Last, so that the list holds jobs of every kind.
        if (kind == Kinds.Keys.Last())
            Record($"list {WhileOneIsStarted}", await SendAsync(HttpMethod.Get, "/pcm/jobs", "/pcm/jobs"));

        _factory.Script.Release(started);
        _jobs[(kind, JobStatuses.Success)] = started;
        Record($"get {kind} success", await StatusAsync(started, JobStatuses.Success));

        var failed = await SubmitAsync(kind, "fail:no such product|the file has no header row");
        _jobs[(kind, JobStatuses.Failed)] = failed;
        Record($"get {kind} failed", await StatusAsync(failed, JobStatuses.Failed));
        Record($"errors of a failed {kind}", await SendAsync(HttpMethod.Get, "/pcm/jobs/{jobID}/errors", $"/pcm/jobs/{failed}/errors"));
    }

    void Record(string name, SchemaAnswer answer) => _answers.Add(name, answer);

    /// <summary>Submits a job of <paramref name="kind"/>, scripted by <paramref name="behavior"/>; expects a 201.</summary>
    async Task<Guid> SubmitAsync(string kind, string? behavior, bool record = false)
    {
        var (type, meta) = Kinds[kind];
        var sent = meta.DeepClone().AsObject();
        if (behavior is not null)
            sent["parameters"] = new JsonObject { [ScriptedJobs.BehaviorParameter] = behavior };
        var body = new JsonObject { ["data"] = new JsonObject { ["type"] = "pim-job", ["attributes"] = new JsonObject { ["type"] = type }, ["meta"] = sent } };

        var answer = await SendAsync(HttpMethod.Post, "/pcm/jobs", "/pcm/jobs", body.ToJsonString());
        Assert.True(answer.Status == 201, $"submitting a {kind} job: {answer} {answer.Body}");
        if (record)
            Record($"submit {kind}", answer);
        return Guid.Parse(JsonNode.Parse(answer.Body)!["data"]!["id"]!.GetValue<string>());
    }

    /// <summary>The job's answer once it shows <paramref name="status"/>.</summary>
    async Task<SchemaAnswer> StatusAsync(Guid id, string status)
    {
        SchemaAnswer? answer = null;
        await Eventually.HoldsAsync(async () =>
        {
            answer = await SendAsync(HttpMethod.Get, "/pcm/jobs/{jobID}", $"/pcm/jobs/{id}");
            return answer.Status == 200 && JsonNode.Parse(answer.Body)!["data"]!["attributes"]!["status"]!.GetValue<string>() == status;
        }, TimeSpan.FromSeconds(30), () => $"job {id} to be {status}; the last answer was {answer} {answer?.Body}");
        return answer!;
    }

    public async Task<SchemaAnswer> SendAsync(HttpMethod method, string template, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _http.SendAsync(request, Ct);
        return new SchemaAnswer(method.Method, template, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(Ct));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
    }
}

/// <summary>
/// The token endpoint's answers held to Elastic Path's Authentication document, and the 401s and 413s of the jobs
/// endpoints (which the jobs document does not list) to its schema of every error answer.
/// </summary>
public sealed class ElasticPathTokenSchema_Specs(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    const string TokenPath = "/oauth/access_token";

    ApiDriver Anonymous => fixture.Api.As(null);

    static void AssertNoViolations(ApiResponse answer, IReadOnlyList<string> violations) =>
        Assert.True(violations.Count == 0, $"{(int)answer.Status} is not what Elastic Path's schema allows:\n  {string.Join("\n  ", violations)}\nThe body:\n{answer.Body}");

    [Fact]
    public async Task A_token_answers_as_the_bearer_schema_says_with_every_member_it_declares()
    {
        var answer = await Anonymous.RequestTokenAsync(("grant_type", "client_credentials"), ("client_id", "default-client"), ("client_secret", "default-secret"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        AssertNoViolations(answer, ElasticPathSchema.Authentication.Violations("Bearer", answer.Body));
        // The schema requires none of its members; the JS SDK reads them all.
        Assert.Equal(["access_token", "token_type", "expires_in", "expires", "identifier"], answer.Json.AsObject().Select(m => m.Key));
    }

    [Fact]
    public void The_validator_rejects_a_token_whose_expiry_is_not_a_number()
    {
        var violations = ElasticPathSchema.Authentication.Violations("Bearer", """{"access_token":"t","token_type":"Bearer","expires_in":3600,"expires":"1524486008"}""");

        Assert.Contains("/expires breaks #/components/schemas/Bearer/properties/expires/type", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grant_type=implicit&client_id=default-client", 400)]
    [InlineData("client_id=default-client&client_secret=default-secret", 400)]
    [InlineData("grant_type=client_credentials&client_id=default-client&client_secret=wrong", 401)]
    [InlineData("grant_type=client_credentials&client_id=nobody&client_secret=default-secret", 401)]
    public async Task A_refused_token_request_answers_as_documented(string form, int status)
    {
        var answer = await Anonymous.PostAsync(TokenPath, form, "application/x-www-form-urlencoded");

        Assert.Equal(status, (int)answer.Status);
        AssertNoViolations(answer, ElasticPathSchema.Authentication.Violations(TokenPath, "post", status, answer.MediaType, answer.Body));
    }

    [Fact]
    public async Task A_token_request_past_the_body_limit_answers_an_error_as_the_document_writes_them()
    {
        var answer = await Anonymous.PostAsync(TokenPath, $"grant_type=client_credentials&padding={new string('p', 300_000)}", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        AssertNoViolations(answer, ElasticPathSchema.Authentication.Violations("ErrorResponse", answer.Body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic ZGVmYXVsdC1jbGllbnQ6ZGVmYXVsdC1zZWNyZXQ=")]
    public async Task A_refused_token_on_a_jobs_endpoint_answers_an_error_as_the_jobs_document_writes_them(string? authorization)
    {
        var answer = authorization is null ? await Anonymous.GetAsync("/pcm/jobs") : await Anonymous.GetAsync("/pcm/jobs", ("Authorization", authorization));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        AssertNoViolations(answer, ElasticPathSchema.Jobs.Violations("error", answer.Body));
    }

    [Fact]
    public async Task A_submission_past_the_body_limit_answers_an_error_as_the_jobs_document_writes_them()
    {
        var answer = await fixture.Api.PostAsync("/pcm/jobs", ApiDriver.SubmitBody(JobTypes.ProductExport) + new string(' ', 300_000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        AssertNoViolations(answer, ElasticPathSchema.Jobs.Violations("error", answer.Body));
    }
}
