namespace Jobs.Bench;

/// <summary>Where the programs the benchmark starts were built: next to it, in the same configuration.</summary>
static class BuildOutput
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The benchmark itself, which runs its roles (<c>worker</c>, <c>peer …</c>) as child processes.</summary>
    public static string Bench => Path.Combine(AppContext.BaseDirectory, "Jobs.Bench.dll");

    public static string Api
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(RepositoryRoot, "src", "Jobs.Api", "bin", framework.Parent!.Name, framework.Name, "Jobs.Api.dll");
        }
    }

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Jobs.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("Jobs.sln not found above the benchmark's binaries.");
    }
}
