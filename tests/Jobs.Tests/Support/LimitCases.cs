using Jobs.Contracts;

namespace Jobs.Tests.Support;

/// <summary>
/// Submissions just past each bound of <see cref="JobLimits"/>, with the problem each must be refused for, and
/// one submission at every bound at once, which must be stored whole. Shared by the SQLite and PostgreSQL specs,
/// so that both databases are held to the same limits.
/// </summary>
public static class LimitCases
{
    public const string Export = JobTypes.ProductExport;

    /// <summary>Each case's name and the message of the fault it must cause; <see cref="Command"/> builds its command.</summary>
    public static IReadOnlyList<(string Name, string Reason)> Cases { get; } =
    [
        ("store id", "SubmitJob rejected: storeId must be at most 64 characters, not 65."),
        ("blank store id", "SubmitJob rejected: storeId must not be blank; leave it out instead."),
        ("request id", "SubmitJob rejected: requestId must be at most 256 characters, not 257."),
        ("filter", "SubmitJob rejected: parameters.filter must be at most 2048 characters, not 2049."),
        ("option value", "SubmitJob rejected: parameters.note must be at most 2048 characters, not 2049."),
        ("parameter count", "SubmitJob rejected: parameters must have at most 32 entries, not 33."),
        ("parameter name", $"SubmitJob rejected: parameters has an entry named '{new string('n', 65)}'; parameter names are 1 to 64 letters, digits, '_', '-' or '.'."),
        ("uuid parameter", "SubmitJob rejected: parameters.copied_from must be a UUID."),
    ];

    public static TheoryData<string, string> OverTheLimit => [.. Cases];

    /// <summary>The command of the case named <paramref name="name"/> in <see cref="Cases"/>.</summary>
    public static SubmitJob Command(string name, Guid jobId) => name switch
    {
        "store id" => new SubmitJob { JobId = jobId, JobType = Export, StoreId = new string('s', JobLimits.MaxStoreIdLength + 1) },
        "blank store id" => new SubmitJob { JobId = jobId, JobType = Export, StoreId = "  " },
        "request id" => new SubmitJob { JobId = jobId, JobType = Export, RequestId = new string('r', JobLimits.MaxRequestIdLength + 1) },
        "filter" => new SubmitJob { JobId = jobId, JobType = Export, Parameters = new Dictionary<string, string> { [JobParameters.Filter] = new('f', 2049) } },
        "option value" => new SubmitJob { JobId = jobId, JobType = Export, Parameters = new Dictionary<string, string> { ["note"] = new('v', JobLimits.MaxParameterValueLength + 1) } },
        "parameter count" => new SubmitJob { JobId = jobId, JobType = Export, Parameters = Enumerable.Range(0, JobLimits.MaxParameters + 1).ToDictionary(i => $"p{i}", i => "x") },
        "parameter name" => new SubmitJob { JobId = jobId, JobType = Export, Parameters = new Dictionary<string, string> { [new string('n', JobLimits.MaxParameterNameLength + 1)] = "x" } },
        "uuid parameter" => new SubmitJob { JobId = jobId, JobType = JobTypes.HierarchyDuplicate, Parameters = new Dictionary<string, string> { [JobParameters.CopiedFrom] = "hierarchy-1" } },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such limit case."),
    };

    /// <summary>
    /// A job at every bound at once: the longest store id and request id, the most parameters, each with the
    /// longest name and value (the filter at its own bound). Characters outside ASCII count too.
    /// </summary>
    public static SubmitJob AtEveryLimit(Guid jobId)
    {
        var parameters = new Dictionary<string, string> { [JobParameters.Filter] = Text('f', JobTypes.Find(Export)!.FindParameter(JobParameters.Filter)!.MaxLength) };
        for (var i = parameters.Count; i < JobLimits.MaxParameters; i++)
            parameters[$"{i:D2}{new string('n', JobLimits.MaxParameterNameLength - 2)}"] = Text('v', JobLimits.MaxParameterValueLength);
        return new SubmitJob
        {
            JobId = jobId,
            JobType = Export,
            StoreId = Text('s', JobLimits.MaxStoreIdLength),
            RequestId = Text('r', JobLimits.MaxRequestIdLength),
            Parameters = parameters,
        };
    }

    /// <summary><paramref name="length"/> characters, ending in a few that are not ASCII (é, ü, ✓).</summary>
    static string Text(char fill, int length) => new string(fill, length - 3) + "éü✓";
}
