using System.Globalization;

namespace Jobs.Api.Queries;

/// <summary>
/// <c>page[limit]</c> (1 to 100, 25 by default) and <c>page[offset]</c> (0 to 10,000), as Elastic Path
/// documents them. Out of range or not a number is a 400 naming the parameter.
/// </summary>
public sealed record Paging(int Limit, int Offset)
{
    public const string LimitParameter = "page[limit]";
    public const string OffsetParameter = "page[offset]";
    public const int DefaultLimit = 25;
    public const int MaxLimit = 100;
    public const int MaxOffset = 10_000;

    public static bool TryParse(string? limit, string? offset, out Paging paging, out string? error, out string? parameter)
    {
        paging = new Paging(DefaultLimit, 0);
        (error, parameter) = (null, null);
        var parsedLimit = DefaultLimit;
        var parsedOffset = 0;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out parsedLimit) || parsedLimit is < 1 or > MaxLimit))
            (error, parameter) = ($"{LimitParameter} must be a whole number from 1 to {MaxLimit}.", LimitParameter);
        else if (offset is not null && (!int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out parsedOffset) || parsedOffset > MaxOffset))
            (error, parameter) = ($"{OffsetParameter} must be a whole number from 0 to {MaxOffset}.", OffsetParameter);
        else
            paging = new Paging(parsedLimit, parsedOffset);
        return error is null;
    }
}
