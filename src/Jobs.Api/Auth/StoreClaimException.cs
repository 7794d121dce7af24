using Microsoft.IdentityModel.Tokens;

namespace Jobs.Api.Auth;

/// <summary>A valid token that names no store, or more than one, or one that cannot be a store id: it lets nobody in.</summary>
sealed class StoreClaimException(string claim) : SecurityTokenValidationException($"The token's {claim} claim does not name one store.");
