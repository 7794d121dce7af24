namespace Jobs.Api.Auth;

/// <summary>
/// The answer of <c>POST /oauth/access_token</c>, as Elastic Path gives it and its JS SDK reads it:
/// <c>{"access_token":…,"token_type":"Bearer","expires_in":3600,"expires":1524486008,"identifier":"client_credentials"}</c>.
/// </summary>
/// <param name="AccessToken">The token to send as <c>Authorization: Bearer …</c>.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">How many seconds the token is valid for.</param>
/// <param name="Expires">When it stops being valid, in seconds since 1970-01-01 UTC.</param>
/// <param name="Identifier">The grant it was issued for: <c>client_credentials</c>.</param>
public sealed record AccessTokenDocument(string AccessToken, string TokenType, long ExpiresIn, long Expires, string Identifier);
