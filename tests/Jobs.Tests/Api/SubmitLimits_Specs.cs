using System.Net;
using System.Text.Json.Nodes;
using Jobs.Contracts;

namespace Jobs.Tests.Api;

/// <summary>
/// <c>POST /pcm/jobs</c> holds a job to the same bounds as the bus (<see cref="JobLimits"/>): a value past one is a
/// 422 naming its place in the body, and nothing is recorded; a job at every bound is recorded whole.
/// </summary>
public sealed class SubmitLimits_Specs(PausedRunnerFixture fixture) : IClassFixture<PausedRunnerFixture>
{
    ApiDriver Api => fixture.Api;

    static string Body(JsonObject meta) => new JsonObject
    {
        ["data"] = new JsonObject { ["type"] = "pim-job", ["attributes"] = new JsonObject { ["type"] = JobTypes.ProductExport }, ["meta"] = meta },
    }.ToJsonString();

    static JsonObject Options(int count, int nameLength, int valueLength) =>
        new(Enumerable.Range(0, count).Select(i => KeyValuePair.Create<string, JsonNode?>($"{i:D2}{new string('n', nameLength - 2)}", new string('v', valueLength))));

    public static TheoryData<string, string, string> PastABound => new()
    {
        { Body(new JsonObject { ["filter"] = new string('f', 2049) }), "data.meta.filter must be at most 2048 characters, not 2049", "/data/meta/filter" },
        {
            Body(new JsonObject { ["parameters"] = new JsonObject { ["note"] = new string('v', JobLimits.MaxParameterValueLength + 1) } }),
            "data.meta.parameters.note must be at most 2048 characters, not 2049", "/data/meta/parameters/note"
        },
        {
            Body(new JsonObject { ["filter"] = "eq(sku,x)", ["parameters"] = Options(JobLimits.MaxParameters, 8, 1) }),
            "data.meta must have at most 32 entries, not 33", "/data/meta"
        },
        {
            Body(new JsonObject { ["parameters"] = Options(1, JobLimits.MaxParameterNameLength + 1, 1) }),
            $"data.meta has an entry named '00{new string('n', 63)}'; parameter names are 1 to 64 letters, digits, '_', '-' or '.'", "/data/meta"
        },
    };

    [Theory]
    [MemberData(nameof(PastABound))]
    public async Task A_value_past_a_bound_is_a_422_naming_its_place_and_records_nothing(string body, string detail, string pointer)
    {
        var before = await Api.RowCountAsync();

        var response = await Api.PostAsync("/pcm/jobs", body);

        response.Is((HttpStatusCode)422, Expect.Errors(Expect.Error(422, "Failed Validation", detail, pointer: pointer)));
        Assert.Equal(before, await Api.RowCountAsync());
    }

    [Fact]
    public async Task A_job_at_every_bound_is_recorded_whole()
    {
        var filter = new string('f', 2045) + "éü✓";
        var requestId = new string('r', JobLimits.MaxRequestIdLength);
        var body = Body(new JsonObject
        {
            ["filter"] = filter,
            ["parameters"] = Options(JobLimits.MaxParameters - 1, JobLimits.MaxParameterNameLength, JobLimits.MaxParameterValueLength),
        });

        var response = await Api.PostAsync("/pcm/jobs", body, headers: ("X-Request-Id", requestId));

        Assert.True(response.Status == HttpStatusCode.Created, response.Body);
        var shown = (await Api.GetAsync(response.Location!)).Json["data"]!["meta"]!;
        Assert.Equal(filter, shown["filter"]!.GetValue<string>());
        Assert.Equal(requestId, shown["x_request_id"]!.GetValue<string>());
    }
}
