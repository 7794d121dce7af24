using System.Globalization;

namespace Jobs.Bench.Peers;

/// <summary>
/// What the benchmark passes every peer: <c>--jobs N --warm-up W --variant default|tuned --postgres "&lt;connection string&gt;"</c>.
/// Each workload runs W jobs of its own kind first, on the same process and storage, and does not count them.
/// </summary>
sealed record PeerArguments(int Jobs, int WarmUpJobs, string Variant, string Postgres)
{
    public static PeerArguments Parse(string peer, string[] args)
    {
        int? jobs = null;
        int? warmUp = null;
        string? variant = null;
        string? postgres = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"'{args[i]}' needs a value.");
            switch (args[i++])
            {
                case "--jobs":
                    jobs = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--warm-up":
                    warmUp = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--variant":
                    variant = value is "default" or "tuned" ? value : throw new ArgumentException($"Unknown variant '{value}': use default or tuned.");
                    break;
                case "--postgres":
                    postgres = value;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i - 1]}'.");
            }
        }

        if (jobs is not >= 2 || warmUp is not >= 0 || variant is null || postgres is null)
        {
            throw new ArgumentException($"Use: peer {peer} --jobs N --warm-up W --variant default|tuned --postgres \"<connection string>\". " +
                "(N at least 2: the gaps are between consecutive jobs.)");
        }

        return new PeerArguments(jobs.Value, warmUp.Value, variant, postgres);
    }
}
