namespace Jobs.Contracts;

/// <summary>
/// The rules a handler's reports (<see cref="JobHeartbeat"/>, <see cref="JobCompleted"/>) must meet before the saga
/// acts on them, read from <see cref="JobLimits"/>. The saga applies them to every report, from the bus or from the
/// runner; the runner applies them to what an in-process handler returns, so that a handler past a limit fails its
/// job with the reason rather than have its outcome refused.
/// </summary>
public static class JobReportRules
{
    /// <summary>Every problem with the heartbeat; empty when it is valid.</summary>
    public static IReadOnlyList<string> Check(JobHeartbeat heartbeat)
    {
        var problems = new List<string>();
        CheckRun(heartbeat.JobId, heartbeat.Attempt, heartbeat.RunId, problems);
        if (heartbeat.Progress is { } progress)
            CheckProgress(progress, problems);
        return problems;
    }

    /// <summary>Every problem with the completion; empty when it is valid.</summary>
    public static IReadOnlyList<string> Check(JobCompleted completed)
    {
        var problems = new List<string>();
        CheckRun(completed.JobId, completed.Attempt, completed.RunId, problems);
        CheckOutcome(completed.Errors?.Select(e => e?.Message), completed.FileLocations, problems);
        return problems;
    }

    /// <summary>Every problem with what a handler reports: its errors and file locations.</summary>
    public static IReadOnlyList<string> CheckOutcome(IEnumerable<string?>? errors, IEnumerable<string?>? fileLocations)
    {
        var problems = new List<string>();
        CheckOutcome(errors, fileLocations, problems);
        return problems;
    }

    /// <summary>Every problem with a progress report.</summary>
    public static IReadOnlyList<string> Check(JobProgress progress)
    {
        var problems = new List<string>();
        CheckProgress(progress, problems);
        return problems;
    }

    static void CheckRun(Guid jobId, int attempt, Guid runId, List<string> problems)
    {
        if (jobId == Guid.Empty)
            problems.Add("jobId must be a non-empty UUID.");
        if (attempt < 1)
            problems.Add($"attempt must be the attempt its RunJob named (1 or more), not {attempt}.");
        if (runId == Guid.Empty)
            problems.Add("runId must be the run id its RunJob named.");
    }

    static void CheckOutcome(IEnumerable<string?>? errors, IEnumerable<string?>? fileLocations, List<string> problems)
    {
        var errorList = errors?.ToList() ?? [];
        if (errorList.Count > JobLimits.MaxReportedErrors)
            problems.Add($"errors must have at most {JobLimits.MaxReportedErrors} entries, not {errorList.Count}.");
        if (errorList.Any(e => string.IsNullOrEmpty(e)))
            problems.Add("errors must each have a message.");
        if (errorList.FirstOrDefault(e => e?.Length > JobLimits.MaxErrorMessageLength) is { } longError)
            problems.Add($"errors must each be at most {JobLimits.MaxErrorMessageLength} characters, not {longError.Length}.");

        var locations = fileLocations?.ToList() ?? [];
        if (locations.Count > JobLimits.MaxFileLocations)
            problems.Add($"fileLocations must have at most {JobLimits.MaxFileLocations} entries, not {locations.Count}.");
        if (locations.Any(l => string.IsNullOrEmpty(l)))
            problems.Add("fileLocations must not hold an empty entry.");
        if (locations.FirstOrDefault(l => l?.Length > JobLimits.MaxFileLocationLength) is { } longLocation)
            problems.Add($"fileLocations must each be at most {JobLimits.MaxFileLocationLength} characters, not {longLocation.Length}.");
    }

    static void CheckProgress(JobProgress progress, List<string> problems)
    {
        if (progress.Percent is < 0 or > 100)
            problems.Add($"progress.percent must be 0 to 100, not {progress.Percent}.");
        if (progress.Message is { Length: > JobLimits.MaxProgressMessageLength } message)
            problems.Add($"progress.message must be at most {JobLimits.MaxProgressMessageLength} characters, not {message.Length}.");
    }
}
