namespace Jobs.Handlers;

/// <summary>The outcome a handler returns.</summary>
public record JobResult
{
    /// <summary>True when the job did its work.</summary>
    public bool Succeeded { get; init; }

    /// <summary>The errors to report (the job's <c>pim-job-error</c>s), each a message for a person to read.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary><c>product-export</c>: where the exported files are.</summary>
    public IReadOnlyList<string>? FileLocations { get; init; }

    /// <summary><c>hierarchy-duplicate</c>: the new hierarchy.</summary>
    public Guid? HierarchyId { get; init; }

    /// <summary>The job did its work.</summary>
    /// <returns>A successful result.</returns>
    public static JobResult Success() => new() { Succeeded = true };

    /// <summary>The job failed, with these errors.</summary>
    /// <param name="errors">What went wrong, one message per error.</param>
    /// <returns>A failed result.</returns>
    public static JobResult Failure(params string[] errors) => new() { Succeeded = false, Errors = errors };
}
