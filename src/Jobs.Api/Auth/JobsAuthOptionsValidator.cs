using Jobs.Contracts;
using Microsoft.Extensions.Options;

namespace Jobs.Api.Auth;

/// <summary>
/// Checks <see cref="JobsAuthOptions"/> at start-up, naming each setting that is wrong and how to put it right, so that
/// a misconfigured API stops at once instead of refusing every caller.
/// </summary>
sealed class JobsAuthOptionsValidator : IValidateOptions<JobsAuthOptions>
{
    const string Section = JobsAuthOptions.SectionName;
    const string HashCommand = "the API's hash-secret command (dotnet run --project src/Jobs.Api --no-launch-profile -- hash-secret, or dotnet Jobs.Api.dll hash-secret)";

    public ValidateOptionsResult Validate(string? name, JobsAuthOptions options)
    {
        var problems = new List<string>();
        if (!options.IssuesTokens && !options.TrustsExternalIssuer)
            problems.Add($"{Section} accepts no token: configure signing keys ({Section}:SigningKeys:0, base64, at least 256 bits) with clients, or an external issuer ({Section}:External:Authority).");
        if (string.IsNullOrWhiteSpace(options.Issuer))
            problems.Add($"{Section}:Issuer must not be empty.");
        if (string.IsNullOrWhiteSpace(options.Audience))
            problems.Add($"{Section}:Audience must not be empty.");
        CheckSigningKeys(options, problems);
        CheckClients(options, problems);
        CheckExternalIssuer(options.External, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    static void CheckSigningKeys(JobsAuthOptions options, List<string> problems)
    {
        for (var i = 0; i < options.SigningKeys.Count; i++)
        {
            var key = options.SigningKeys[i];
            var bytes = new byte[key.Length];
            if (!Convert.TryFromBase64String(key, bytes, out var length))
                problems.Add($"{Section}:SigningKeys:{i} is not base64.");
            else if (length < SigningKeys.MinLength)
                problems.Add($"{Section}:SigningKeys:{i} has {length * 8} bits; a signing key needs at least {SigningKeys.MinLength * 8} (for example: openssl rand -base64 {SigningKeys.MinLength}).");
        }
    }

    static void CheckClients(JobsAuthOptions options, List<string> problems)
    {
        if (options.Clients.Count > 0 && !options.IssuesTokens)
            problems.Add($"{Section}:Clients are configured, but there is no signing key to sign their tokens with ({Section}:SigningKeys:0).");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            var at = $"{Section}:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.ClientId))
                problems.Add($"{at}:ClientId is required.");
            else if (client.ClientId.Length > ClientCredentials.MaxClientIdLength)
                problems.Add($"{at}:ClientId must be at most {ClientCredentials.MaxClientIdLength} characters.");
            else if (!seen.TryAdd(client.ClientId, i))
                problems.Add($"{at}:ClientId '{client.ClientId}' is the id of {Section}:Clients:{seen[client.ClientId]} too.");

            if (client.StoreId is null || !JobStores.IsStoreId(client.StoreId))
                problems.Add($"{at}:StoreId must name a store (1 to {JobLimits.MaxStoreIdLength} characters, not blank), not '{client.StoreId}'.");

            switch (client.ClientSecretHash, client.ClientSecret)
            {
                case (null, null):
                    problems.Add($"{at} needs a ClientSecretHash (made with {HashCommand}), or a ClientSecret in development.");
                    break;
                case (not null, not null):
                    problems.Add($"{at} has both a ClientSecretHash and a ClientSecret; keep the hash only.");
                    break;
                case (not null, null) when !SecretHashes.IsVersion3(client.ClientSecretHash):
                    problems.Add($"{at}:ClientSecretHash is not a PasswordHasher v3 hash; make one with {HashCommand}.");
                    break;
                case (null, not null) when client.ClientSecret.Length is 0 or > ClientCredentials.MaxClientSecretLength:
                    problems.Add($"{at}:ClientSecret must be 1 to {ClientCredentials.MaxClientSecretLength} characters.");
                    break;
            }
        }
    }

    static void CheckExternalIssuer(ExternalIssuerOptions external, List<string> problems)
    {
        const string at = $"{Section}:External";
        if (string.IsNullOrWhiteSpace(external.Authority))
        {
            if (!string.IsNullOrWhiteSpace(external.Audience))
                problems.Add($"{at}:Audience is set, but {at}:Authority, the issuer whose tokens it is for, is not.");
            return;
        }

        if (!Uri.TryCreate(external.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            problems.Add($"{at}:Authority must be an absolute https address, not '{external.Authority}'.");
        else if (authority.Scheme == "http" && external.RequireHttpsMetadata)
            problems.Add($"{at}:Authority must be https (its keys are fetched from it); only a test issuer may use http, with {at}:RequireHttpsMetadata set to false.");
        if (string.IsNullOrWhiteSpace(external.Audience))
            problems.Add($"{at}:Audience is required: the aud the issuer's tokens carry for this API.");
        if (string.IsNullOrWhiteSpace(external.StoreClaim))
            problems.Add($"{at}:StoreClaim must name the claim that holds a token's store.");
    }
}
