using Jobs.Contracts;

namespace Jobs.Catalog.Products;

/// <summary>
/// The rows an import could not write, one message each: the first <see cref="JobLimits.MaxReportedErrors"/> less one
/// kept, and a last message counting the rest, so that a file of 50,000 bad rows still makes a result the job can hold.
/// </summary>
sealed class ProductImportErrors
{
    const int Kept = JobLimits.MaxReportedErrors - 1;

    readonly List<string> _messages = [];

    public int Count { get; private set; }

    /// <summary>Counts a failed row (or a problem of the whole file), keeping its message while there is room.</summary>
    public void Add(string message)
    {
        Count++;
        if (_messages.Count <= Kept)
            _messages.Add(message.Length <= JobLimits.MaxErrorMessageLength ? message : message[..(JobLimits.MaxErrorMessageLength - 1)] + "…");
    }

    /// <summary>The messages to report: all of them, or the first ones and how many more there were.</summary>
    public string[] ToReport() => Count <= JobLimits.MaxReportedErrors
        ? [.. _messages]
        : [.. _messages.Take(Kept), $"{Count - Kept} more rows failed; the first {Kept} are listed"];
}
