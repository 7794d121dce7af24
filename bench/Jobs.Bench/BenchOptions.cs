using System.Globalization;

namespace Jobs.Bench;

/// <summary>The command line: <c>[--jobs N] [--quick] [--rows N] [--jobs-only]</c>.</summary>
sealed record BenchOptions
{
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

    public bool Quick { get; init; }

    /// <summary>Measure Jobs alone and write no result files: for profiling between full runs.</summary>
    public bool JobsOnly { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--quick" => options with { Quick = true, Jobs = 300, PendingForCancel = 2_000, Cancels = 300, Rows = 100_000, Reads = 300 },
                "--jobs" => options with { Jobs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--rows" => options with { Rows = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--jobs-only" => options with { JobsOnly = true },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Use [--jobs N] [--quick] [--rows N] [--jobs-only]."),
            };
        }

        return options;
    }
}
