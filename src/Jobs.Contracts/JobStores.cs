namespace Jobs.Contracts;

/// <summary>Stores: the tenants jobs belong to. Each store has its own line; a store sees only its own jobs.</summary>
public static class JobStores
{
    /// <summary>The store of a <see cref="SubmitJob"/> or <see cref="CancelJob"/> that names none.</summary>
    public const string Default = "default";

    /// <summary>The store a command names, or <see cref="Default"/> when it names none.</summary>
    public static string Of(string? storeId) => storeId ?? Default;

    /// <summary>True when <paramref name="storeId"/> can name a store: not blank, and no longer than a store id may be.</summary>
    public static bool IsStoreId(string storeId) => !string.IsNullOrWhiteSpace(storeId) && storeId.Length <= JobLimits.MaxStoreIdLength;
}
