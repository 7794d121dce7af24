using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Jobs.Catalog.Prices;

/// <summary>One volume tier of a currency's price: from <see cref="MinimumQuantity"/> items on, each costs <see cref="Amount"/>.</summary>
public sealed record TierPrice(long MinimumQuantity, long? Amount);

/// <summary>A price in one currency, in its lowest denomination, with its volume tiers by name.</summary>
public sealed record CurrencyPrice(long Amount, bool IncludesTax, IReadOnlyDictionary<string, TierPrice> Tiers);

/// <summary>When a sale runs; either end may be open.</summary>
public sealed record SaleSchedule(DateTimeOffset? ValidFrom, DateTimeOffset? ValidTo);

/// <summary>A named sale of a price: its prices by currency, optionally for some bundles only and for a time only.</summary>
public sealed record Sale(IReadOnlyList<Guid> BundleIds, SaleSchedule? Schedule, IReadOnlyDictionary<string, CurrencyPrice> Currencies);

/// <summary>
/// Something wrong with a price's <c>currencies</c> or <c>sales</c>: <see cref="Path"/> is where, from the attributes
/// object, with <c>/</c> between the names (<c>currencies/USD/amount</c>), so the API prefixes it into a JSON pointer
/// and the price import into its row message.
/// </summary>
public sealed record PriceProblem(string Path, string Detail);

/// <summary>A price's <c>currencies</c> and <c>sales</c> once checked, and their canonical JSON for the price's columns.</summary>
public sealed record PriceValues(IReadOnlyDictionary<string, CurrencyPrice> Currencies, IReadOnlyDictionary<string, Sale>? Sales)
{
    /// <summary>The <c>currencies</c> object as stored in <c>ProductPrice.Currencies</c>.</summary>
    public string CurrenciesJson() => PriceShapes.Write(w => PriceShapes.WriteCurrencies(w, Currencies));

    /// <summary>The <c>sales</c> object as stored in <c>ProductPrice.Sales</c>, null when the price has none.</summary>
    public string? SalesJson() => Sales is null ? null : PriceShapes.Write(w => PriceShapes.WriteSales(w, Sales));
}

/// <summary>
/// Elastic Path's shapes of a product price's <c>currencies</c> and <c>sales</c>
/// (<c>{"USD":{"amount":100,"includes_tax":false,"tiers":{"min_5":{"minimum_quantity":5,"amount":90}}}}</c>), checked
/// in one place so the price endpoints and the price import accept and store exactly the same thing. What is stored is
/// rewritten from the typed values: members Elastic Path does not define are dropped, never kept as given.
/// </summary>
public static class PriceShapes
{
    /// <summary>
    /// Checks <paramref name="currencies"/> (required) and <paramref name="sales"/> (optional; null or JSON null for
    /// none); <paramref name="values"/> is set only when nothing is wrong.
    /// </summary>
    public static IReadOnlyList<PriceProblem> Validate(JsonElement? currencies, JsonElement? sales, out PriceValues? values)
    {
        var problems = new List<PriceProblem>();
        var currencyPrices = currencies is { ValueKind: not JsonValueKind.Null } given
            ? ReadCurrencies(given, "currencies", problems)
            : Problem<IReadOnlyDictionary<string, CurrencyPrice>>(problems, "currencies", "currencies is required.");
        var salePrices = sales is { ValueKind: not JsonValueKind.Null } givenSales ? ReadSales(givenSales, "sales", problems) : null;
        values = problems.Count == 0 && currencyPrices is not null ? new PriceValues(currencyPrices, salePrices) : null;
        return problems;
    }

    static IReadOnlyDictionary<string, CurrencyPrice>? ReadCurrencies(JsonElement element, string path, List<PriceProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Problem<IReadOnlyDictionary<string, CurrencyPrice>>(problems, path, $"{path} must be an object of prices by three-letter currency code.");
        var prices = new SortedDictionary<string, CurrencyPrice>(StringComparer.Ordinal);
        var count = 0;
        foreach (var currency in element.EnumerateObject())
        {
            if (++count > CatalogLimits.MaxPriceCurrencies)
                return Problem<IReadOnlyDictionary<string, CurrencyPrice>>(problems, path, $"{path} holds more than {CatalogLimits.MaxPriceCurrencies} currencies.");
            var currencyPath = $"{path}/{currency.Name}";
            if (!IsCurrencyCode(currency.Name))
            {
                problems.Add(new(currencyPath, $"{Quote(currency.Name)} is not a three-letter ISO currency code in capitals, such as USD."));
                continue;
            }
            if (ReadCurrencyPrice(currency.Value, currencyPath, problems) is { } price)
                prices[currency.Name] = price;
        }
        if (count == 0)
            problems.Add(new(path, $"{path} must hold at least one currency."));
        return prices;
    }

    static CurrencyPrice? ReadCurrencyPrice(JsonElement element, string path, List<PriceProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Problem<CurrencyPrice>(problems, path, $"{path} must be an object with an amount.");
        var amount = ReadAmount(element, "amount", path, required: true, problems);
        var includesTax = false;
        if (element.TryGetProperty("includes_tax", out var tax) && tax.ValueKind != JsonValueKind.Null)
        {
            if (tax.ValueKind is JsonValueKind.True or JsonValueKind.False)
                includesTax = tax.GetBoolean();
            else
                problems.Add(new($"{path}/includes_tax", $"{path}/includes_tax must be true or false."));
        }
        var tiers = element.TryGetProperty("tiers", out var tiersElement) && tiersElement.ValueKind != JsonValueKind.Null
            ? ReadTiers(tiersElement, $"{path}/tiers", problems)
            : new SortedDictionary<string, TierPrice>(StringComparer.Ordinal);
        return amount is { } value && tiers is not null ? new CurrencyPrice(value, includesTax, tiers) : null;
    }

    static SortedDictionary<string, TierPrice>? ReadTiers(JsonElement element, string path, List<PriceProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Problem<SortedDictionary<string, TierPrice>>(problems, path, $"{path} must be an object of tiers by name.");
        var tiers = new SortedDictionary<string, TierPrice>(StringComparer.Ordinal);
        var quantities = new HashSet<long>();
        var count = 0;
        foreach (var tier in element.EnumerateObject())
        {
            if (++count > CatalogLimits.MaxPriceTiers)
                return Problem<SortedDictionary<string, TierPrice>>(problems, path, $"{path} holds more than {CatalogLimits.MaxPriceTiers} tiers.");
            var tierPath = $"{path}/{tier.Name}";
            if (!IsName(tier.Name))
            {
                problems.Add(new(tierPath, $"A tier's name must be 1 to {CatalogLimits.MaxCodeLength} characters."));
                continue;
            }
            if (tier.Value.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(tierPath, $"{tierPath} must be an object with a minimum_quantity."));
                continue;
            }
            var minimum = ReadAmount(tier.Value, "minimum_quantity", tierPath, required: true, problems);
            var amount = ReadAmount(tier.Value, "amount", tierPath, required: false, problems);
            if (minimum is not { } quantity)
                continue;
            if (quantity < 1)
                problems.Add(new($"{tierPath}/minimum_quantity", $"{tierPath}/minimum_quantity must be 1 or more."));
            else if (!quantities.Add(quantity))
                problems.Add(new($"{tierPath}/minimum_quantity", $"{tierPath} conflicts with another tier of the same minimum_quantity {quantity}."));
            else
                tiers[tier.Name] = new TierPrice(quantity, amount);
        }
        return tiers;
    }

    static SortedDictionary<string, Sale>? ReadSales(JsonElement element, string path, List<PriceProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Problem<SortedDictionary<string, Sale>>(problems, path, $"{path} must be an object of sales by name.");
        var sales = new SortedDictionary<string, Sale>(StringComparer.Ordinal);
        var count = 0;
        foreach (var sale in element.EnumerateObject())
        {
            if (++count > CatalogLimits.MaxPriceSales)
                return Problem<SortedDictionary<string, Sale>>(problems, path, $"{path} holds more than {CatalogLimits.MaxPriceSales} sales.");
            var salePath = $"{path}/{sale.Name}";
            if (!IsName(sale.Name))
                problems.Add(new(salePath, $"A sale's name must be 1 to {CatalogLimits.MaxCodeLength} characters."));
            else if (sale.Value.ValueKind != JsonValueKind.Object)
                problems.Add(new(salePath, $"{salePath} must be an object with currencies."));
            else if (ReadSale(sale.Value, salePath, problems) is { } value)
                sales[sale.Name] = value;
        }
        return sales;
    }

    static Sale? ReadSale(JsonElement element, string path, List<PriceProblem> problems)
    {
        var before = problems.Count;
        var bundleIds = new List<Guid>();
        if (element.TryGetProperty("bundle_ids", out var bundles) && bundles.ValueKind != JsonValueKind.Null)
        {
            if (bundles.ValueKind != JsonValueKind.Array || bundles.GetArrayLength() > CatalogLimits.MaxSaleBundles)
                problems.Add(new($"{path}/bundle_ids", $"{path}/bundle_ids must be a list of at most {CatalogLimits.MaxSaleBundles} product ids."));
            else
                foreach (var bundle in bundles.EnumerateArray())
                {
                    if (bundle.ValueKind == JsonValueKind.String && Guid.TryParse(bundle.GetString(), out var id))
                        bundleIds.Add(id);
                    else
                        problems.Add(new($"{path}/bundle_ids", $"{path}/bundle_ids must hold product ids (UUIDs) only."));
                }
        }
        var schedule = element.TryGetProperty("schedule", out var scheduleElement) && scheduleElement.ValueKind != JsonValueKind.Null
            ? ReadSchedule(scheduleElement, $"{path}/schedule", problems)
            : null;
        var currencies = element.TryGetProperty("currencies", out var currenciesElement) && currenciesElement.ValueKind != JsonValueKind.Null
            ? ReadCurrencies(currenciesElement, $"{path}/currencies", problems)
            : Problem<IReadOnlyDictionary<string, CurrencyPrice>>(problems, $"{path}/currencies", $"{path}/currencies is required.");
        return problems.Count == before && currencies is not null ? new Sale(bundleIds, schedule, currencies) : null;
    }

    static SaleSchedule? ReadSchedule(JsonElement element, string path, List<PriceProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Problem<SaleSchedule>(problems, path, $"{path} must be an object with valid_from and/or valid_to.");
        var from = ReadTime(element, "valid_from", path, problems);
        var to = ReadTime(element, "valid_to", path, problems);
        if (from is { } start && to is { } end && end <= start)
            problems.Add(new($"{path}/valid_to", $"{path}/valid_to must be after valid_from."));
        return new SaleSchedule(from, to);
    }

    static DateTimeOffset? ReadTime(JsonElement parent, string name, string path, List<PriceProblem> problems)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return null;
        if (element.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time.ToUniversalTime();
        problems.Add(new($"{path}/{name}", $"{path}/{name} must be a date and time, such as 2024-12-01T12:00:00Z."));
        return null;
    }

    /// <summary>A whole, non-negative number (amounts are in the currency's lowest denomination).</summary>
    static long? ReadAmount(JsonElement parent, string name, string path, bool required, List<PriceProblem> problems)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
                problems.Add(new($"{path}/{name}", $"{path}/{name} is required."));
            return null;
        }
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) && value >= 0)
            return value;
        problems.Add(new($"{path}/{name}", $"{path}/{name} must be a whole number, 0 or more."));
        return null;
    }

    static bool IsCurrencyCode(string code) => code.Length == 3 && code.All(char.IsAsciiLetterUpper);

    static bool IsName(string name) => name.Length is > 0 and <= CatalogLimits.MaxCodeLength && !string.IsNullOrWhiteSpace(name);

    static string Quote(string text) => JsonSerializer.Serialize(text.Length > 16 ? text[..16] + "…" : text);

    static T? Problem<T>(List<PriceProblem> problems, string path, string detail) where T : class
    {
        problems.Add(new(path, detail));
        return null;
    }

    internal static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static void WriteCurrencies(Utf8JsonWriter writer, IReadOnlyDictionary<string, CurrencyPrice> currencies)
    {
        writer.WriteStartObject();
        foreach (var (code, price) in currencies)
        {
            writer.WriteStartObject(code);
            writer.WriteNumber("amount", price.Amount);
            writer.WriteBoolean("includes_tax", price.IncludesTax);
            if (price.Tiers.Count > 0)
            {
                writer.WriteStartObject("tiers");
                foreach (var (name, tier) in price.Tiers)
                {
                    writer.WriteStartObject(name);
                    writer.WriteNumber("minimum_quantity", tier.MinimumQuantity);
                    if (tier.Amount is { } amount)
                        writer.WriteNumber("amount", amount);
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    internal static void WriteSales(Utf8JsonWriter writer, IReadOnlyDictionary<string, Sale> sales)
    {
        writer.WriteStartObject();
        foreach (var (name, sale) in sales)
        {
            writer.WriteStartObject(name);
            if (sale.BundleIds.Count > 0)
            {
                writer.WriteStartArray("bundle_ids");
                foreach (var id in sale.BundleIds)
                    writer.WriteStringValue(id);
                writer.WriteEndArray();
            }
            if (sale.Schedule is { } schedule)
            {
                writer.WriteStartObject("schedule");
                WriteTime(writer, "valid_from", schedule.ValidFrom);
                WriteTime(writer, "valid_to", schedule.ValidTo);
                writer.WriteEndObject();
            }
            writer.WritePropertyName("currencies");
            WriteCurrencies(writer, sale.Currencies);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
            writer.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        else
            writer.WriteNull(name);
    }
}
