using System.Globalization;

namespace Jobs.TestHandler;

/// <summary>
/// The runs' record for the tests, as <c>tests/Jobs.TestWorker</c> keeps it (read by the tests' <c>WorkerRuns</c>):
/// <c>&lt;job&gt;.&lt;attempt&gt;.start</c> once the run is picked up, <c>.end</c> when its work is over, each holding
/// the process id and the time, the end its outcome too.
/// </summary>
sealed class RunFiles(string directory)
{
    public Task StartedAsync(RunJob run) => WriteWholeAsync(Path.Combine(directory, $"{run}.start"), Stamp());

    public Task EndedAsync(RunJob run, string outcome) => WriteWholeAsync(Path.Combine(directory, $"{run}.end"), $"{Stamp()} {outcome}");

    /// <summary>
    /// The tests read the folder while runs write it: a file created under its final name could be read before its text
    /// is in it. A rename within one folder is atomic, so the final name appears with its text, even if the process is
    /// killed halfway.
    /// </summary>
    static async Task WriteWholeAsync(string path, string text)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    static string Stamp() => $"{Environment.ProcessId} {DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)}";
}
