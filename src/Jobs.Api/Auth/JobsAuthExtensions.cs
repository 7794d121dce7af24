using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jobs.Api.Auth;

/// <summary>Registers and maps the API's tokens and who may call it.</summary>
public static class JobsAuthExtensions
{
    /// <summary>The policy of every <c>/pcm</c> endpoint: a valid bearer token that names one store.</summary>
    public const string StorePolicy = "Store";

    /// <summary>
    /// Bearer tokens for the jobs API (<see cref="JobsAuthOptions"/>, section <c>Jobs:Auth</c>, checked at start): the
    /// API's own, issued by <c>POST /oauth/access_token</c> to the configured clients, and an external issuer's.
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsAuthOptions>()
            .Bind(configuration.GetSection(JobsAuthOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsAuthOptions>, JobsAuthOptionsValidator>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<JobsClients>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<BearerEvents>();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, BearerOptionsSetup>();
        // AddAuthentication() without its data protection (which bearer tokens do not use, and whose key ring would
        // warn at every start about where its keys are kept).
        services.AddAuthenticationCore(o => o.DefaultScheme = BearerSchemes.Bearer);
        services.AddWebEncoders();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuthenticationConfigurationProvider, AuthenticationSettings>();
        new AuthenticationBuilder(services)
            .AddPolicyScheme(BearerSchemes.Bearer, "Bearer token", o => o.ForwardDefaultSelector = BearerSchemes.Select)
            .AddJwtBearer(BearerSchemes.OwnTokens, _ => { })
            .AddJwtBearer(BearerSchemes.ExternalTokens, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(StorePolicy, p => p.AddAuthenticationSchemes(BearerSchemes.Bearer).RequireAuthenticatedUser());
        services.AddHostedService<ClientSecretsNotice>();
        return services;
    }

    /// <summary>Maps <c>POST /oauth/access_token</c>.</summary>
    /// <returns>The same builder, so that calls can be chained.</returns>
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        TokenEndpoint.Map(app);
        return app;
    }
}
