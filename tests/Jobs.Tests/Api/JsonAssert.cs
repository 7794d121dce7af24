using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jobs.Tests.Api;

/// <summary>Compares whole JSON documents: same properties (in any order), same values, same array order.</summary>
public static class JsonAssert
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Equal(JsonNode? expected, string actual) => Equal(expected?.ToJsonString() ?? "null", actual);

    public static void Equal(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        JsonNode? actualNode;
        try
        {
            actualNode = JsonNode.Parse(actual);
        }
        catch (JsonException ex)
        {
            Assert.Fail($"The response is not JSON ({ex.Message}).\nExpected:\n{Pretty(expectedNode)}\nActual:\n{actual}");
            return;
        }

        if (!JsonNode.DeepEquals(expectedNode, actualNode))
            Assert.Fail($"The JSON documents differ.\nExpected:\n{Pretty(expectedNode)}\nActual:\n{Pretty(actualNode)}");
    }

    static string Pretty(JsonNode? node) => node?.ToJsonString(Indented) ?? "null";
}
