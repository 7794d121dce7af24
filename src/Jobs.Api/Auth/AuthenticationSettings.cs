using Microsoft.AspNetCore.Authentication;

namespace Jobs.Api.Auth;

/// <summary>
/// Where ASP.NET Core's authentication handlers look for settings of their own (<c>Authentication</c>), which the
/// API does not use: its settings are <see cref="JobsAuthOptions"/>. Registered in place of the framework's, which
/// comes only with <c>AddAuthentication()</c> and, with it, a data protection key ring that bearer tokens never use.
/// </summary>
sealed class AuthenticationSettings(IConfiguration configuration) : IAuthenticationConfigurationProvider
{
    public IConfiguration AuthenticationConfiguration { get; } = configuration.GetSection("Authentication");
}
