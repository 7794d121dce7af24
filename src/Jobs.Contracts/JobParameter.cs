namespace Jobs.Contracts;

/// <summary>
/// One parameter a job type takes. Parameters travel in <see cref="SubmitJob.Parameters"/> under
/// <see cref="Name"/>, which is also their name in the HTTP API's <c>meta</c> (Elastic Path's spelling).
/// </summary>
public sealed record JobParameter
{
    /// <summary>The name in <see cref="SubmitJob.Parameters"/> and in the API's <c>meta</c>: <c>copied_from</c>, <c>filter</c>, …</summary>
    public required string Name { get; init; }

    /// <summary>What the value must look like.</summary>
    public JobParameterKind Kind { get; init; } = JobParameterKind.Text;

    /// <summary>The longest value accepted, in characters.</summary>
    public int MaxLength { get; init; } = JobLimits.MaxParameterValueLength;

    /// <summary>The only values accepted, when the parameter is a choice (<c>true</c>/<c>false</c>, <c>none</c>/<c>gzip</c>); empty for any.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>True when a job of the type cannot be submitted without it.</summary>
    public bool Required { get; init; }

    /// <summary>True when the job's <c>meta</c> in the HTTP API shows it, as Elastic Path shows <c>copied_from</c> and <c>filter</c>.</summary>
    public bool ShownInMeta { get; init; }

    /// <summary>What it means, for people: API documents and error messages use it.</summary>
    public required string Description { get; init; }
}

/// <summary>The kinds of values a <see cref="JobParameter"/> takes; every value travels as a string.</summary>
public enum JobParameterKind
{
    /// <summary>Any text up to the parameter's length.</summary>
    Text,

    /// <summary>A UUID other than the empty one.</summary>
    Uuid,
}
