using System.ComponentModel.DataAnnotations;

namespace Jobs.Worker.Options;

/// <summary>
/// Demo handlers for trying Jobs without a catalog. Section <c>Jobs:Demo</c>:
/// <code>{ "Jobs": { "Demo": { "Enabled": true, "Duration": "00:00:05" } } }</code>
/// Off unless configured; the API's Development settings turn them on for <c>dotnet run</c>.
/// </summary>
public sealed class DemoHandlerOptions
{
    public const string SectionName = "Jobs:Demo";

    /// <summary>Registers a demo handler for every job type that has no handler of its own.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long each demo job runs.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(5);
}
