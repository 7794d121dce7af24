using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Jobs.Api.Dashboard;

/// <summary>
/// The dashboard's files, embedded in this assembly (<c>Dashboard/Assets</c>, see Jobs.Api.csproj) and read once: the API
/// serves them with nothing to deploy beside it, and a page never mixes files of two versions.
/// </summary>
sealed class DashboardAssets
{
    /// <summary>The prefix of the assets' resource names, which the project file gives them.</summary>
    const string ResourcePrefix = "dashboard/";

    static readonly FileExtensionContentTypeProvider ContentTypes = new();

    readonly Dictionary<string, DashboardAsset> _assets;

    DashboardAssets(Dictionary<string, DashboardAsset> assets) => _assets = assets;

    public static DashboardAssets Load(Assembly assembly)
    {
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var name = resource[ResourcePrefix.Length..];
            var tag = new EntityTagHeaderValue($"\"{WebEncoders.Base64UrlEncode(SHA256.HashData(content), 0, 16)}\"");
            assets[name] = new DashboardAsset(content, ContentTypeOf(name), tag);
        }

        return new DashboardAssets(assets);
    }

    /// <summary>The file called <paramref name="name"/>, or null when the dashboard has none.</summary>
    public DashboardAsset? Find(string name) => _assets.GetValueOrDefault(name);

    static string ContentTypeOf(string name)
    {
        var type = ContentTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) ? $"{type}; charset=utf-8" : type;
    }
}
