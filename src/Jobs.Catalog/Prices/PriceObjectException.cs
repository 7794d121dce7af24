namespace Jobs.Catalog.Prices;

/// <summary>
/// One object of a price file that cannot be applied: <see cref="Member"/> says where in it (<c>data.attributes.sku</c>)
/// and the message what is wrong, written for the person who made the file.
/// </summary>
public sealed class PriceObjectException(string member, string message) : Exception(message)
{
    public string Member { get; } = member;
}
