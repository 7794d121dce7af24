using System.Text.Json.Nodes;

namespace Jobs.Bench.Peers;

/// <summary>One variant of a peer over all its runs (each a process of its own): the medians, and every run.</summary>
sealed class PeerVariantResult(IReadOnlyList<PeerResult> runs)
{
    public string Variant => runs[0].Variant;

    public string Settings => runs[0].Settings;

    public string Notes => runs[0].Notes;

    public IReadOnlyList<PeerResult> Runs => runs;

    public Figure Serial { get; } = new(runs.Select(r => r.SerialJobsPerSecond));

    public Figure GapP50 { get; } = new(runs.Select(r => r.DispatchGapMsP50));

    public Figure GapP99 { get; } = new(runs.Select(r => r.DispatchGapMsP99));

    public Figure? Submit { get; } = runs.All(r => r.SubmitJobsPerSecond is not null) ? new(runs.Select(r => r.SubmitJobsPerSecond!.Value)) : null;

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["variant"] = Variant,
            ["settings"] = Settings,
            ["jobs_runs"] = new JsonArray(runs.Select(r => (JsonNode)r.Jobs).ToArray()),
        };
        foreach (var (key, figure) in new[] { (FigureKeys.Serial, Serial), (FigureKeys.GapP50, GapP50), (FigureKeys.GapP99, GapP99), (FigureKeys.Submit, Submit) })
        {
            if (figure is null)
                continue;
            json[key] = figure.Median;
            json[key + "_runs"] = new JsonArray(figure.Runs.Select(v => (JsonNode)v).ToArray());
        }

        json["notes"] = Notes;
        json["run_notes"] = new JsonArray(runs.Select(r => (JsonNode)r.RunNotes).ToArray());
        return json;
    }
}
