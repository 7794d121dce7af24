using System.Globalization;

namespace Jobs.Bench.Peers;

/// <summary>
/// One peer's variants, each run <see cref="BenchOptions.Runs"/> times, each run a child process of its own on a fresh
/// database; the peer's figures are those of its best variant by median serial throughput.
/// </summary>
sealed class PeerRun(BenchServices services, BenchOptions options, TextWriter log)
{
    static readonly string[] VariantNames = ["default", "tuned"];

    public async Task<SystemResult> RunAsync(string name, string title)
    {
        var variants = new List<PeerVariantResult>();
        foreach (var variant in VariantNames)
        {
            var runs = new List<PeerResult>();
            for (var i = 1; i <= options.Runs; i++)
            {
                log.WriteLine($"{title}: {variant}, run {i} of {options.Runs}");
                var output = await ChildProcess.RunAsync(BuildOutput.Bench,
                    ["peer", name, "--jobs", Invariant(options.Jobs), "--warm-up", Invariant(options.WarmUpJobs), "--variant", variant,
                        "--postgres", await services.Postgres.CreateDatabaseAsync()],
                    new Dictionary<string, string?>());
                runs.Add(PeerResult.FromOutput(output));
            }

            variants.Add(new PeerVariantResult(runs));
        }

        var best = variants.MaxBy(v => v.Serial.Median)!;
        var result = new SystemResult($"{best.Variant}: {best.Settings}") { Variants = variants };
        result.Add(FigureKeys.Serial, best.Serial.Runs);
        result.Add(FigureKeys.GapP50, best.GapP50.Runs);
        result.Add(FigureKeys.GapP99, best.GapP99.Runs);
        if (best.Submit is not null)
            result.Add(FigureKeys.Submit, best.Submit.Runs);
        return result;
    }

    static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
