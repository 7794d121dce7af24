using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// The API process's one client (store <c>default</c>) and signing key, which <see cref="ServiceProcess.StartApiAsync"/>
/// configures, and HTTP clients that call the jobs API with a token of it, got from the API's own token endpoint.
/// </summary>
public static class ApiClient
{
    public const string ClientId = "integration-client";

    public const string Secret = "integration-secret";

    /// <summary>
    /// The API's settings for the client (its secret hashed by <c>Jobs.Api hash-secret</c>, as in production), the token
    /// key and the file links' key (without which the API does not start outside Development).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("Jobs:Auth:SigningKeys:0", "XDk1Vkmn2Jp5vQtyOrC9wIJumS1ejNL7nmOyoMg4i4I=");
        yield return new("Jobs:Files:LinkSigningKey", "/i2bgcGt2ReuY7ORlekdkaN/mcUGryz7aujjmD9GO6U=");
        yield return new("Jobs:Auth:Clients:0:ClientId", ClientId);
        yield return new("Jobs:Auth:Clients:0:StoreId", "default");
        yield return new("Jobs:Auth:Clients:0:ClientSecretHash", "AQAAAAIAAYagAAAAED+vb7RPtpDgrOYSJkhBDOL8RvvsFYA/8SnuMN7xN0A1FfKNjT/wv0AydOvfEn4QtQ==");
    }

    /// <summary>A client of the API at <paramref name="address"/> that sends a bearer token (valid for an hour) with every request.</summary>
    public static async Task<HttpClient> CreateAsync(Uri address)
    {
        var http = new HttpClient { BaseAddress = address };
        using var form = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("client_id", ClientId), new("client_secret", Secret)]);
        using var response = await http.PostAsync("/oauth/access_token", form, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
