using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Jobs.Catalog.Model;

namespace Jobs.Catalog.Filters;

/// <summary>
/// Elastic Path's product filter, as <c>GET /pcm/products</c> and <c>POST /pcm/products/export</c> take it:
/// <c>eq</c>, <c>like</c> (<c>*</c> matches any run of characters) and <c>in</c> on <see cref="Fields"/>, up to
/// <see cref="MaxExpressions"/> joined by <c>:</c>, all of which must hold; a value may be in double quotes. Anything
/// else does not parse, with a reason a caller can act on.
/// </summary>
public sealed partial class ProductFilter
{
    public const int MaxExpressions = 10;

    /// <summary>The attributes a filter may name, and how each is read from a product.</summary>
    static readonly Dictionary<string, Expression<Func<Product, string?>>> Fields = new(StringComparer.Ordinal)
    {
        ["id"] = p => p.Id.ToString(),
        ["external_ref"] = p => p.ExternalRef,
        ["name"] = p => p.Name,
        ["slug"] = p => p.Slug,
        ["sku"] = p => p.Sku,
        ["status"] = p => p.Status,
        ["commodity_type"] = p => p.CommodityType,
        ["upc_ean"] = p => p.UpcEan,
        ["mpn"] = p => p.Mpn,
    };

    readonly List<Expression<Func<Product, bool>>> _conditions;

    ProductFilter(List<Expression<Func<Product, bool>>> conditions) => _conditions = conditions;

    /// <summary>The filter that keeps every product.</summary>
    public static ProductFilter None { get; } = new([]);

    /// <summary>The names a filter may use, for error messages and documents.</summary>
    public static IReadOnlyCollection<string> FieldNames => Fields.Keys;

    /// <summary>Keeps the products that meet every condition.</summary>
    public IQueryable<Product> Apply(IQueryable<Product> products) => _conditions.Aggregate(products, (q, c) => q.Where(c));

    public static bool TryParse(string? text, out ProductFilter filter, out string? reason)
    {
        filter = None;
        reason = null;
        if (string.IsNullOrEmpty(text))
            return true;

        var expressions = Separator().Split(text);
        if (expressions.Length > MaxExpressions)
        {
            reason = $"at most {MaxExpressions} filters are allowed";
            return false;
        }

        var conditions = new List<Expression<Func<Product, bool>>>();
        foreach (var expression in expressions)
        {
            var match = Expression().Match(expression);
            if (!match.Success)
            {
                reason = $"'{expression}' is not of the form op(field,value)";
                return false;
            }

            var (op, field, value) = (match.Groups["op"].Value, match.Groups["field"].Value, match.Groups["value"].Value);
            if (!Fields.TryGetValue(field, out var read))
            {
                reason = $"products cannot be filtered by '{field}'; use one of {string.Join(", ", Fields.Keys)}";
                return false;
            }

            Expression<Func<string?, bool>>? test = op switch
            {
                "eq" => v => v == Unquote(value),
                "in" => In([.. value.Split(',').Select(Unquote)]),
                "like" => Like(Unquote(value)),
                _ => null,
            };
            if (test is null)
            {
                reason = $"'{op}' is not a product filter operator; use eq, like or in";
                return false;
            }

            conditions.Add(Compose(read, test));
        }

        filter = new ProductFilter(conditions);
        return true;
    }

    static Expression<Func<string?, bool>> In(string[] values) => v => values.Contains(v);

    /// <summary><c>like(name,*shirt*)</c>: the value with its <c>*</c>s as wildcards, matched in full.</summary>
    static Expression<Func<string?, bool>> Like(string pattern)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
            return v => v == pattern;
        var (first, last) = (parts[0], parts[^1]);
        var middle = parts[1..^1].Where(p => p.Length > 0).ToArray();
        // Starts with the text before the first '*', ends with the text after the last, and holds the pieces between:
        // StartsWith, EndsWith and Contains, which both providers translate. The order of the pieces between is not
        // checked (a filter with more than two '*' is rare, and matching more is the safe side for an export).
        Expression<Func<string?, bool>> ends = v => v != null && v.StartsWith(first) && v.EndsWith(last) && v.Length >= first.Length + last.Length;
        var body = ends.Body;
        foreach (var piece in middle)
        {
            Expression<Func<string?, bool>> holds = v => v!.Contains(piece);
            body = System.Linq.Expressions.Expression.AndAlso(body, new Replace(holds.Parameters[0], ends.Parameters[0]).Visit(holds.Body));
        }

        return System.Linq.Expressions.Expression.Lambda<Func<string?, bool>>(body, ends.Parameters);
    }

    static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    static Expression<Func<Product, bool>> Compose(Expression<Func<Product, string?>> read, Expression<Func<string?, bool>> test)
    {
        var body = new Replace(test.Parameters[0], read.Body).Visit(test.Body);
        return System.Linq.Expressions.Expression.Lambda<Func<Product, bool>>(body, read.Parameters);
    }

    sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    [GeneratedRegex(@"^(?<op>[a-z_]+)\((?<field>[a-z_]+),(?<value>[^()]*)\)$")]
    private static partial Regex Expression();

    [GeneratedRegex(@"(?<=\)):")]
    private static partial Regex Separator();
}
