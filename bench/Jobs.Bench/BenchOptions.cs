using System.Globalization;

namespace Jobs.Bench;

/// <summary>The command line: <c>[--runs N] [--jobs N] [--quick] [--rows N] [--jobs-only] [--catalog-only] [--serial-only]</c>.</summary>
sealed record BenchOptions
{
    /// <summary>Concurrent publishers in every system's submit workload (and in Jobs' recording of pending jobs).</summary>
    public const int Publishers = 16;

    /// <summary>The command line as given, for the report.</summary>
    public string Arguments { get; init; } = "";

    /// <summary>Runs of every workload, each a fresh measurement; the table shows their median and spread.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>
    /// Jobs each throughput workload (serial, stores, submit; every system alike) runs first, on the same processes and
    /// storage, and does not count: the code paths compiled, the pools' connections open.
    /// </summary>
    public int WarmUpJobs { get; init; } = 50;

    /// <summary>Jobs per throughput workload (serial, stores and submit; the stores workload runs this many per number of stores).</summary>
    public int Jobs { get; init; } = 2_000;

    /// <summary>Pending jobs while cancellations are timed.</summary>
    public int PendingForCancel { get; init; } = 10_000;

    /// <summary>Cancellations timed.</summary>
    public int Cancels { get; init; } = 1_000;

    /// <summary>Job rows in the table while reads are timed.</summary>
    public int Rows { get; init; } = 1_000_000;

    /// <summary>Requests timed per read.</summary>
    public int Reads { get; init; } = 1_000;

    /// <summary>Rows in the product import's CSV (50,000 rows with its header: Elastic Path's limit).</summary>
    public int ImportRows { get; init; } = 49_999;

    /// <summary>Products in the catalog when the export runs.</summary>
    public int ExportProducts { get; init; } = 100_000;

    public bool Quick { get; init; }

    /// <summary>Measure the catalog's import and export alone and write no result files.</summary>
    public bool CatalogOnly { get; init; }

    /// <summary>Measure Jobs alone and write no result files: for profiling between full runs.</summary>
    public bool JobsOnly { get; init; }

    /// <summary>Measure only Jobs' serial workload, with telemetry off and on, and write no result files: the cost of telemetry.</summary>
    public bool SerialOnly { get; init; }

    /// <summary>
    /// Whether this is the full default run, every size at its default: the only run that writes
    /// <c>bench/results/latest.*</c>, so that they never hold a smaller run's figures.
    /// </summary>
    public bool IsDefaultRun => this with { Arguments = "" } == new BenchOptions();

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions { Arguments = string.Join(' ', args) };
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--quick" => options with { Quick = true, Jobs = 300, PendingForCancel = 2_000, Cancels = 300, Rows = 100_000, Reads = 300, ImportRows = 10_000, ExportProducts = 20_000 },
                "--runs" => options with { Runs = Positive(args, ++i) },
                "--jobs" => options with { Jobs = Positive(args, ++i) },
                "--rows" => options with { Rows = Positive(args, ++i) },
                "--jobs-only" => options with { JobsOnly = true },
                "--catalog-only" => options with { CatalogOnly = true },
                "--serial-only" => options with { SerialOnly = true },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}"),
            };
        }

        return options;
    }

    const string Usage = "Use [--runs N] [--jobs N] [--quick] [--rows N] [--jobs-only] [--catalog-only] [--serial-only].";

    static int Positive(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"'{args[i - 1]}' needs a positive number. {Usage}");
}
