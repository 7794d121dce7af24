using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Jobs.Catalog.Children;

/// <summary>
/// How an option's name goes into a child's slug and sku: lower-cased, its runs of white space made one <c>-</c>. What
/// is left must be URL-safe (ASCII letters, digits, <c>-</c>, <c>_</c>, <c>.</c>) with at least one letter or digit;
/// a name that is not (symbols only, non-ASCII letters) makes no slug, and the build fails rather than guess one.
/// </summary>
public static class OptionSlugs
{
    /// <summary>The slug part of <paramref name="name"/>, or false when it cannot make a URL-safe one.</summary>
    public static bool TryMake(string name, [NotNullWhen(true)] out string? part)
    {
        var text = new StringBuilder(name.Length);
        var hasLetterOrDigit = false;
        var lastWasSpace = false;
        foreach (var c in name.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                    text.Append('-');
                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;
            if (char.IsAsciiLetterOrDigit(c))
                hasLetterOrDigit = true;
            else if (c is not ('-' or '_' or '.'))
            {
                part = null;
                return false;
            }

            text.Append(char.ToLowerInvariant(c));
        }

        part = hasLetterOrDigit ? text.ToString() : null;
        return part is not null;
    }
}
