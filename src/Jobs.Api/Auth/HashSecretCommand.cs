namespace Jobs.Api.Auth;

/// <summary>
/// <c>Jobs.Api hash-secret</c>: reads a client secret from the first line of standard input and prints its
/// <see cref="SecretHashes"/> hash, for <c>Jobs:Auth:Clients:&lt;n&gt;:ClientSecretHash</c>. Nothing else starts.
/// </summary>
public static class HashSecretCommand
{
    public const string Name = "hash-secret";

    public static bool IsRequested(string[] args) => args is [Name];

    /// <returns>The process's exit code: 0 with the hash written, 2 when there is no usable secret.</returns>
    public static int Run(TextReader input, TextWriter output, TextWriter error)
    {
        var secret = input.ReadLine();
        if (string.IsNullOrEmpty(secret) || secret.Length > ClientCredentials.MaxClientSecretLength)
        {
            error.WriteLine($"Write the client secret (1 to {ClientCredentials.MaxClientSecretLength} characters) on standard input, for example:");
            error.WriteLine($"  printf '%s\\n' 'the secret' | dotnet run --project src/Jobs.Api --no-launch-profile -- {Name}");
            return 2;
        }

        output.WriteLine(SecretHashes.Hash(secret));
        return 0;
    }
}
