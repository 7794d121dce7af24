using System.Reflection;

namespace Jobs.Bench;

/// <summary>The version a package's assembly says it is, so that the report never names a version by hand.</summary>
static class AssemblyVersions
{
    /// <summary>The informational version of <typeparamref name="T"/>'s assembly (the package version), without the "+commit" some carry.</summary>
    public static string Of<T>()
    {
        var assembly = typeof(T).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} carries no version.");
        return version.Split('+')[0];
    }
}
