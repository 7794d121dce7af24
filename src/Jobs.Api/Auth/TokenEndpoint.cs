using System.Text.Json.Nodes;
using Jobs.Api.Documents;
using Jobs.Api.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Jobs.Api.Auth;

/// <summary>
/// <c>POST /oauth/access_token</c>, as Elastic Path has it: a client's id and secret for a token that acts on the
/// client's store. Unknown client and wrong secret get the same 401, so that the answer does not tell which it was.
/// </summary>
static class TokenEndpoint
{
    public const string Path = "/oauth/access_token";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, HandleAsync)
            .WithName("CreateAccessToken")
            .WithSummary("Create an access token")
            .WithDescription($"Send grant_type={ClientCredentials.GrantType}, client_id and client_secret as a form; send the access_token it answers as Authorization: Bearer on every /pcm call. It expires after expires_in seconds (at expires, in Unix seconds); then ask for a new one.")
            .WithTags("Authentication")
            .Produces<AccessTokenDocument>()
            .Produces<ErrorDocument>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDocument>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorDocument>(StatusCodes.Status413PayloadTooLarge)
            .AddOpenApiOperationTransformer(DescribeFormAsync);

    static async Task<IResult> HandleAsync(HttpContext context, JobsClients clients, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var (request, error) = await TokenRequest.ReadAsync(context.Request, cancellationToken);
        if (error is not null)
            return error;
        var client = clients.Authenticate(request!.ClientId, request.ClientSecret);
        if (client is null)
            return ApiErrors.Result(StatusCodes.Status401Unauthorized, $"The {ClientCredentials.ClientIdField} and {ClientCredentials.ClientSecretField} do not match a client.");

        // A token is a credential: no cache may keep it (RFC 6749, 5.1).
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return Results.Json(issuer.Issue(client));
    }

    /// <summary>The form, which the endpoint reads itself so that every mistake in it is a JSON:API error.</summary>
    static Task DescribeFormAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { ClientCredentials.GrantTypeField, ClientCredentials.ClientIdField, ClientCredentials.ClientSecretField },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                [ClientCredentials.GrantTypeField] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(ClientCredentials.GrantType)] },
                [ClientCredentials.ClientIdField] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = ClientCredentials.MaxClientIdLength },
                [ClientCredentials.ClientSecretField] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = ClientCredentials.MaxClientSecretLength },
            },
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { [TokenRequest.FormMediaType] = new() { Schema = schema } },
        };
        return Task.CompletedTask;
    }
}
