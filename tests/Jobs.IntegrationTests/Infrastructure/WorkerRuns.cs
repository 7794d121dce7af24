using System.Globalization;

namespace Jobs.IntegrationTests.Infrastructure;

/// <summary>
/// What the scripted handlers of worker processes (<c>tests/Jobs.TestWorker</c>) or of the handler in another service
/// (<c>tests/Jobs.TestHandler</c>) did, read from the files they leave: one <c>&lt;job&gt;.&lt;attempt&gt;.start</c> per
/// run, and a <c>.end</c> when the run ended. They write each under a temporary name (ending in <c>.tmp</c>) and rename
/// it into place, so a file under its final name is whole; temporary names are never read.
/// </summary>
public sealed class WorkerRuns : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("jobs-runs-").FullName;

    /// <summary>A file whose creation releases the runs waiting for it (behavior <c>wait-file:path</c>).</summary>
    public string ReleaseFile(Guid jobId) => Path.Combine(Directory, $"release-{jobId}");

    /// <summary>Releases the runs waiting for the file. They only check that it exists: an empty file has nothing to be half written.</summary>
    public void Release(Guid jobId) => File.WriteAllText(ReleaseFile(jobId), "");

    public IReadOnlyList<Run> All() =>
    [
        .. System.IO.Directory.GetFiles(Directory, "*.start").Where(file => Path.GetExtension(file) == ".start").Select(file =>
        {
            var name = Path.GetFileNameWithoutExtension(file).Split('.');
            var (pid, at) = Stamp(File.ReadAllText(file));
            var end = Path.ChangeExtension(file, ".end");
            var ended = File.Exists(end) ? File.ReadAllText(end).Split(' ') : null;
            return new Run(Guid.Parse(name[0]), int.Parse(name[1], CultureInfo.InvariantCulture), pid, at,
                ended is null ? null : Stamp(string.Join(' ', ended[..2])).At, ended?[2]);
        }).OrderBy(r => r.StartedAt),
    ];

    public IReadOnlyList<Run> Of(Guid jobId) => [.. All().Where(r => r.JobId == jobId)];

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    static (int Pid, DateTime At) Stamp(string text)
    {
        var parts = text.Split(' ');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), DateTime.Parse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }

    public sealed record Run(Guid JobId, int Attempt, int ProcessId, DateTime StartedAt, DateTime? EndedAt, string? Outcome);
}
