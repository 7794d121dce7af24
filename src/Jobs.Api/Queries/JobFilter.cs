using System.Globalization;
using System.Text.RegularExpressions;
using Jobs.Contracts;

namespace Jobs.Api.Queries;

/// <summary>
/// The <c>filter</c> of <c>GET /pcm/jobs</c>, in Elastic Path's syntax: <c>eq</c> and <c>in</c> on
/// <c>status</c> and <c>type</c>, <c>gt</c>, <c>ge</c>, <c>lt</c> and <c>le</c> on <c>created_at</c> and
/// <c>updated_at</c>, up to ten joined by <c>:</c>, all of which must hold. Anything else does not parse.
/// </summary>
public sealed partial record JobFilter
{
    public const int MaxExpressions = 10;

    public static JobFilter None { get; } = new();

    /// <summary>The statuses allowed (wire names), or null for any.</summary>
    public IReadOnlySet<string>? Statuses { get; init; }

    /// <summary>The job types allowed, or null for any.</summary>
    public IReadOnlySet<string>? Types { get; init; }

    public IReadOnlyList<DateBound> Dates { get; init; } = [];

    public static bool TryParse(string? text, out JobFilter filter, out string? reason)
    {
        filter = None;
        reason = null;
        if (string.IsNullOrEmpty(text))
            return true;

        // Split only at a ':' that ends an expression: a date-time value has colons of its own.
        var expressions = Separator().Split(text);
        if (expressions.Length > MaxExpressions)
        {
            reason = $"at most {MaxExpressions} filters are allowed";
            return false;
        }

        foreach (var expression in expressions)
        {
            if (expression.Length == 0)
            {
                reason = "an expression is empty";
                return false;
            }

            var match = Expression().Match(expression);
            if (!match.Success)
            {
                reason = $"'{expression}' is not of the form op(field,value)";
                return false;
            }

            var (op, field, value) = (match.Groups["op"].Value, match.Groups["field"].Value, match.Groups["value"].Value);
            if (!TryApply(filter, op, field, value, out filter, out reason))
                return false;
        }

        return true;
    }

    static bool TryApply(JobFilter filter, string op, string field, string value, out JobFilter result, out string? reason)
    {
        result = filter;
        reason = null;
        switch (field)
        {
            case "status" or "type" when op is "eq" or "in":
                var known = field == "status" ? JobStatuses.All : JobTypes.All;
                var values = op == "eq" ? [value] : value.Split(',');
                var unknown = values.FirstOrDefault(v => !known.Contains(v));
                if (unknown is not null)
                {
                    reason = $"'{unknown}' is not a job {field}; it must be one of {string.Join(", ", known)}";
                    return false;
                }

                result = field == "status"
                    ? filter with { Statuses = Intersect(filter.Statuses, values) }
                    : filter with { Types = Intersect(filter.Types, values) };
                return true;
            case "created_at" or "updated_at" when op is "gt" or "ge" or "lt" or "le":
                if (!IsoDate().IsMatch(value)
                    || !DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
                {
                    reason = $"'{value}' is not an ISO 8601 date-time";
                    return false;
                }

                result = filter with { Dates = [.. filter.Dates, new DateBound(field, op, at)] };
                return true;
            case "status" or "type" or "created_at" or "updated_at":
                reason = $"{op} is not supported on {field}";
                return false;
            default:
                reason = $"jobs cannot be filtered by '{field}'";
                return false;
        }
    }

    static HashSet<string> Intersect(IReadOnlySet<string>? current, IEnumerable<string> values) =>
        current is null ? [.. values] : [.. values.Where(current.Contains)];

    [GeneratedRegex(@"^(?<op>[a-z_]+)\((?<field>[a-z_]+),(?<value>[^()]*)\)$")]
    private static partial Regex Expression();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<=\)):")]
    private static partial Regex Separator();
}

/// <summary>One bound on a date: <c>gt(created_at,2024-01-05T00:00:00Z)</c>.</summary>
public sealed record DateBound(string Field, string Op, DateTime At);
