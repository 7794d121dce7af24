using System.Globalization;
using System.Text.Json.Nodes;
using Jobs.Bench.Peers;

namespace Jobs.Bench;

/// <summary>One system's figures in <c>bench/results/latest.json</c>; a workload that does not apply is left out.</summary>
sealed class SystemResult(string settings)
{
    readonly OrderedDictionary<string, Figure> _figures = new(StringComparer.Ordinal);

    /// <summary>The settings the figures were measured with, for a person to read.</summary>
    public string Settings => settings;

    /// <summary>For the peers: every variant measured; the figures above are those of the best by median serial throughput.</summary>
    public IReadOnlyList<PeerVariantResult>? Variants { get; init; }

    public Figure? this[string key] => _figures.GetValueOrDefault(key);

    public void Add(string key, IEnumerable<double> runs) => _figures[key] = new Figure(runs);

    /// <summary>Each figure's median under its key and its runs under <c>&lt;key&gt;_runs</c>, then the settings and variants.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (key, figure) in _figures)
        {
            json[key] = figure.Median;
            json[key + "_runs"] = new JsonArray(figure.Runs.Select(r => (JsonNode)r).ToArray());
        }

        if (this[FigureKeys.RemoteSerial] is { } remote)
            json[FigureKeys.RemoteSerialEarlierName] = remote.Median;
        var stores = JobsWorkloads.StoreCounts.Where(n => this[FigureKeys.Stores(n)] is not null).ToList();
        if (stores.Count > 0)
            json[FigureKeys.StoresByCount] = new JsonObject(stores.Select(n => KeyValuePair.Create(n.ToString(CultureInfo.InvariantCulture), (JsonNode?)this[FigureKeys.Stores(n)]!.Median)));
        json["settings"] = Settings;
        if (Variants is not null)
            json["variants"] = new JsonArray(Variants.Select(v => (JsonNode)v.ToJson()).ToArray());
        return json;
    }
}
