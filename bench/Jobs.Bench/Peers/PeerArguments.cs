using System.Globalization;

namespace Jobs.Bench.Peers;

/// <summary>
/// What the benchmark passes every peer: <c>--jobs N --variant default|tuned --postgres "&lt;connection string&gt;"</c>.
/// </summary>
sealed record PeerArguments(int Jobs, string Variant, string Postgres)
{
    public static PeerArguments Parse(string peer, string[] args)
    {
        int? jobs = null;
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

        if (jobs is not >= 2 || variant is null || postgres is null)
        {
            throw new ArgumentException($"Use: peer {peer} --jobs N --variant default|tuned --postgres \"<connection string>\". " +
                "(N at least 2: the gaps are between consecutive jobs.)");
        }

        return new PeerArguments(jobs.Value, variant, postgres);
    }
}
