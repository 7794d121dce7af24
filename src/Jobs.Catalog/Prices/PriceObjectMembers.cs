using System.Text.Json;

namespace Jobs.Catalog.Prices;

/// <summary>Reads the members of one price file object, failing with <see cref="PriceObjectException"/> at the first wrong one.</summary>
static class PriceObjectMembers
{
    /// <summary>The object member <paramref name="name"/> of <paramref name="parent"/> (at <paramref name="path"/>).</summary>
    public static JsonElement RequiredObject(JsonElement parent, string path, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
            throw new PriceObjectException(At(path, name), "is required");
        return value.ValueKind == JsonValueKind.Object ? value : throw new PriceObjectException(At(path, name), "must be an object");
    }

    /// <summary>A string member, null when absent or JSON null; empty or longer than <paramref name="maxLength"/> fails.</summary>
    public static string? OptionalString(JsonElement parent, string path, string name, int maxLength)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new PriceObjectException(At(path, name), "must be a string");
        var text = value.GetString()!;
        if (text.Length == 0)
            throw new PriceObjectException(At(path, name), "must not be empty");
        return text.Length <= maxLength ? text : throw new PriceObjectException(At(path, name), $"must be at most {maxLength} characters");
    }

    /// <summary>A string member that must be there.</summary>
    public static string RequiredString(JsonElement parent, string path, string name, int maxLength) =>
        OptionalString(parent, path, name, maxLength) ?? throw new PriceObjectException(At(path, name), "is required");

    /// <summary>A UUID member, null when absent.</summary>
    public static Guid? OptionalId(JsonElement parent, string path, string name) =>
        OptionalString(parent, path, name, 64) is not { } text ? null
        : Guid.TryParse(text, out var id) ? id : throw new PriceObjectException(At(path, name), "must be a UUID");

    static string At(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>True when <paramref name="parent"/> has the member, whatever its value.</summary>
    public static bool Has(JsonElement parent, string name) => parent.TryGetProperty(name, out _);
}
