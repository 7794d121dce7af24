using Jobs.Api.Http;
using Jobs.Contracts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Jobs.Api.Auth;

/// <summary>
/// What the bearer schemes do beyond checking a token: they let a caller in only for the one valid store its token
/// names, and they refuse with a JSON:API error and a <c>WWW-Authenticate</c> header that says why in a word,
/// never with an exception's text.
/// </summary>
sealed class BearerEvents(IOptions<JobsAuthOptions> options) : JwtBearerEvents
{
    public override Task TokenValidated(TokenValidatedContext context)
    {
        var claim = context.Scheme.Name == BearerSchemes.ExternalTokens ? options.Value.External.StoreClaim : JobsClaims.StoreId;
        var stores = context.Principal?.FindAll(claim).Select(c => c.Value).ToList() ?? [];
        if (stores is [var store] && JobStores.IsStoreId(store))
            // Only what the API reads: an external token's other claims (another store_id among them) never reach it.
            context.Principal = JobsClaims.Caller(store, context.Principal!.FindFirst(JobsClaims.Subject)?.Value, context.Scheme.Name);
        else
            context.Fail(new StoreClaimException(claim));
        return Task.CompletedTask;
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (error, detail) = Describe(context.AuthenticateFailure);
        context.Response.Headers.WWWAuthenticate = error is null
            ? BearerSchemes.Bearer
            : $"{BearerSchemes.Bearer} error=\"invalid_token\", error_description=\"{error}\"";
        await ApiErrors.Result(StatusCodes.Status401Unauthorized, detail).ExecuteAsync(context.HttpContext);
    }

    /// <summary>The <c>error_description</c> (null without a token) and the error's detail, by what went wrong.</summary>
    static (string? Error, string Detail) Describe(Exception? failure) => failure switch
    {
        null => (null, "Send an access token from POST /oauth/access_token as Authorization: Bearer <token>."),
        SecurityTokenExpiredException => ("The token expired", "Unable to validate access token: it has expired; get a new one from POST /oauth/access_token."),
        SecurityTokenNotYetValidException => ("The token is not valid yet", "Unable to validate access token: it is not valid yet."),
        StoreClaimException => ("The token names no store", "Unable to validate access token: it does not name one store."),
        _ => ("The token is not valid", "Unable to validate access token."),
    };
}
