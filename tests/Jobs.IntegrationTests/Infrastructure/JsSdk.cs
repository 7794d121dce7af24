using System.Text.Json.Nodes;
using Jobs.LocalServers;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a script of <c>tests/js-sdk</c> (Elastic Path's JavaScript SDK, installed by <c>tests/run.sh</c> at the version its
/// lock file pins) with Node, and answers the JSON it prints.
/// </summary>
static class JsSdk
{
    public static async Task<JsonObject> RunAsync(string script, params string[] arguments)
    {
        var folder = Path.Combine(Readme.RepositoryRoot(), "tests", "js-sdk");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@elasticpath", "js-sdk")),
            "The SDK is not installed: run tests/run.sh, or npm ci --prefix tests/js-sdk.");
        // The SDK keeps its token in ./localStorage of the working directory: a folder of the test's own.
        var working = Directory.CreateTempSubdirectory("jobs-js-sdk-");
        try
        {
            var output = await LocalProcess.RunAsync("node", [Path.Combine(folder, script), .. arguments], user: null,
                timeout: TimeSpan.FromMinutes(3), workingDirectory: working.FullName);
            return JsonNode.Parse(output.Trim().Split('\n')[^1])!.AsObject();
        }
        finally
        {
            working.Delete(recursive: true);
        }
    }
}
