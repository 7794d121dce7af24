namespace Jobs.BrowserTests.Support;

/// <summary>The repository's root: the folder holding Jobs.sln, above the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Jobs.sln")))
                return folder.FullName;
        }

        throw new InvalidOperationException($"No Jobs.sln above {AppContext.BaseDirectory}.");
    }
}
