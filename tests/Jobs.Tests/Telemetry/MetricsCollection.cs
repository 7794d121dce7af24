namespace Jobs.Tests.Telemetry;

/// <summary>
/// The specs that read Jobs' metrics run alone. A meter provider listens to every meter named "Jobs" in the process,
/// whichever host made it, so a worker of another spec running beside them would add its jobs to theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
