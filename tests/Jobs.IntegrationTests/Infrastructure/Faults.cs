namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that stop, restart or load the shared broker and database run alone, after the others, so that
/// their faults never land in another test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Faults
{
    public const string Name = "faults run alone";
}
