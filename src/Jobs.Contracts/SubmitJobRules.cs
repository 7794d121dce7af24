using System.Text.RegularExpressions;

namespace Jobs.Contracts;

/// <summary>
/// The rules a <see cref="SubmitJob"/> must meet before anything is recorded, read from the job type's
/// definition and <see cref="JobLimits"/>. The saga applies them to every command from the bus, and the HTTP
/// API to every submission before it sends one, so both refuse the same things for the same reasons.
/// </summary>
public static partial class SubmitJobRules
{
    /// <summary>The field names problems use, as <see cref="SubmitJob"/>'s JSON spells them.</summary>
    public const string JobIdField = "jobId";

    /// <inheritdoc cref="JobIdField"/>
    public const string JobTypeField = "jobType";

    /// <inheritdoc cref="JobIdField"/>
    public const string StoreIdField = "storeId";

    /// <inheritdoc cref="JobIdField"/>
    public const string RequestIdField = "requestId";

    /// <inheritdoc cref="JobIdField"/>
    public const string ParametersField = "parameters";

    /// <summary>The field name of one parameter: <c>parameters.copied_from</c>.</summary>
    public static string ParameterField(string name) => $"{ParametersField}.{name}";

    /// <summary>Every problem with the command; empty when it is valid.</summary>
    public static IReadOnlyList<SubmitJobProblem> Check(SubmitJob command)
    {
        var problems = new List<SubmitJobProblem>();
        if (command.JobId == Guid.Empty)
            problems.Add(new(JobIdField, "must be a non-empty UUID"));

        var definition = JobTypes.Find(command.JobType);
        if (string.IsNullOrWhiteSpace(command.JobType))
            problems.Add(new(JobTypeField, $"is required; it must be one of {string.Join(", ", JobTypes.All)}"));
        else if (definition is null)
            problems.Add(new(JobTypeField, $"'{Shorten(command.JobType)}' is not a job type; it must be one of {string.Join(", ", JobTypes.All)}"));

        if (command.StoreId is { } storeId && string.IsNullOrWhiteSpace(storeId))
            problems.Add(new(StoreIdField, "must not be blank; leave it out instead"));
        else if (command.StoreId is { Length: > JobLimits.MaxStoreIdLength })
            problems.Add(new(StoreIdField, $"must be at most {JobLimits.MaxStoreIdLength} characters, not {command.StoreId.Length}"));
        if (command.RequestId is { Length: > JobLimits.MaxRequestIdLength } requestId)
            problems.Add(new(RequestIdField, $"must be at most {JobLimits.MaxRequestIdLength} characters, not {requestId.Length}"));

        var parameters = command.Parameters ?? new Dictionary<string, string>();
        if (parameters.Count > JobLimits.MaxParameters)
            problems.Add(new(ParametersField, $"must have at most {JobLimits.MaxParameters} entries, not {parameters.Count}"));
        foreach (var (name, value) in parameters.Take(JobLimits.MaxParameters + 1))
            CheckParameter(definition?.FindParameter(name), name, value, problems);

        foreach (var required in definition?.Parameters.Where(p => p.Required) ?? [])
        {
            // One problem per field: a value of the wrong kind is not also reported as missing.
            var field = ParameterField(required.Name);
            if (string.IsNullOrWhiteSpace(parameters.GetValueOrDefault(required.Name)) && !problems.Any(p => p.Field == field))
                problems.Add(new(field, $"is required for a {definition!.Name} job ({required.Description})"));
        }

        return problems;
    }

    /// <summary>True when <paramref name="name"/> is usable as a parameter name.</summary>
    public static bool IsParameterName(string name) => name.Length <= JobLimits.MaxParameterNameLength && ParameterName().IsMatch(name);

    static void CheckParameter(JobParameter? declared, string name, string? value, List<SubmitJobProblem> problems)
    {
        if (!IsParameterName(name))
        {
            problems.Add(new(ParametersField,
                $"has an entry named '{Shorten(name)}'; parameter names are 1 to {JobLimits.MaxParameterNameLength} letters, digits, '_', '-' or '.'"));
            return;
        }

        var field = ParameterField(name);
        var maxLength = declared?.MaxLength ?? JobLimits.MaxParameterValueLength;
        if (value is null)
            problems.Add(new(field, "must be a string"));
        else if (value.Length > maxLength)
            problems.Add(new(field, $"must be at most {maxLength} characters, not {value.Length}"));
        else if (declared?.Kind == JobParameterKind.Uuid && value.Length > 0 && (!Guid.TryParse(value, out var uuid) || uuid == Guid.Empty))
            problems.Add(new(field, "must be a UUID"));
        else if (declared?.Values is { Count: > 0 } values && value.Length > 0 && !values.Contains(value))
            problems.Add(new(field, $"must be one of {string.Join(", ", values)}, not '{Shorten(value)}'"));
    }

    /// <summary>Enough of a rejected value to recognise it, never the whole of an arbitrarily long one.</summary>
    static string Shorten(string value) => value.Length <= 80 ? value : $"{value[..77]}...";

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex ParameterName();
}

/// <summary>One thing wrong with a <see cref="SubmitJob"/>: the field (as <see cref="SubmitJobRules"/> names it) and why.</summary>
/// <param name="Field">The field, e.g. <c>jobType</c> or <c>parameters.copied_from</c>.</param>
/// <param name="Reason">What is wrong with it, to follow the field's name: "is required for a hierarchy-duplicate job (…)".</param>
public sealed record SubmitJobProblem(string Field, string Reason)
{
    /// <summary>The field and the reason as one sentence.</summary>
    public override string ToString() => $"{Field} {Reason}.";
}
