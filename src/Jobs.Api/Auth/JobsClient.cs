namespace Jobs.Api.Auth;

/// <summary>A configured client: its id, and the store every token it gets acts on.</summary>
sealed record JobsClient(string ClientId, string StoreId);
