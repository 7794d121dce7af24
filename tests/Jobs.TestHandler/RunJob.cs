using System.Globalization;
using System.Text.Json.Nodes;

namespace Jobs.TestHandler;

/// <summary>What a handler reads of a RunJob, as the README shows it: the <c>message</c> of MassTransit's envelope.</summary>
sealed record RunJob(Guid JobId, int Attempt, Guid RunId, TimeSpan Lease, string ReportExchange, string Behavior)
{
    public static RunJob Parse(ReadOnlySpan<byte> body)
    {
        var message = JsonNode.Parse(body)!["message"]!;
        // Reports go to the exchange named by the last path segment of reportTo.
        var reportTo = new Uri(message["reportTo"]!.GetValue<string>());
        return new RunJob(
            Guid.Parse(message["jobId"]!.GetValue<string>()),
            message["attempt"]!.GetValue<int>(),
            Guid.Parse(message["runId"]!.GetValue<string>()),
            TimeSpan.Parse(message["lease"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            reportTo.Segments[^1],
            message["parameters"]?["behavior"]?.GetValue<string>() ?? "succeed");
    }

    public override string ToString() => $"{JobId}.{Attempt}";
}
