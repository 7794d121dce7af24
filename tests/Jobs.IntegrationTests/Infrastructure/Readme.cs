using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>The JSON examples of README.md, so that tests send exactly what the documentation shows.</summary>
static partial class Readme
{
    static readonly string Text = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

    /// <summary>The JSON block that follows <c>&lt;!-- example: name --&gt;</c>.</summary>
    public static JsonObject Example(string name)
    {
        var match = ExamplePattern().Matches(Text).SingleOrDefault(m => m.Groups["name"].Value == name)
            ?? throw new InvalidOperationException($"README.md has no example named '{name}'.");
        return JsonNode.Parse(match.Groups["json"].Value)!.AsObject();
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Jobs.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("Jobs.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"<!-- example: (?<name>[\w-]+) -->\s*```json\s*(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExamplePattern();
}
