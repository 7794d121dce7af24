using Jobs.Contracts;

namespace Jobs.Worker.Validation;

/// <summary>A command that can never succeed, however often it is retried; it faults at once.</summary>
public sealed class InvalidJobException(string message) : Exception(message)
{
    /// <summary>Throws, naming every problem (<see cref="SubmitJobRules"/>), unless the command is valid.</summary>
    public static void ThrowIfInvalid(SubmitJob command)
    {
        var problems = SubmitJobRules.Check(command);
        if (problems.Count > 0)
            throw new InvalidJobException($"SubmitJob rejected: {string.Join(" ", problems)}");
    }

    /// <summary>Throws, naming every problem (<see cref="JobReportRules"/>), unless the heartbeat is valid.</summary>
    public static void ThrowIfInvalid(JobHeartbeat heartbeat) => ThrowIfAny(nameof(JobHeartbeat), JobReportRules.Check(heartbeat));

    /// <summary>Throws, naming every problem (<see cref="JobReportRules"/>), unless the completion is valid.</summary>
    public static void ThrowIfInvalid(JobCompleted completed) => ThrowIfAny(nameof(JobCompleted), JobReportRules.Check(completed));

    static void ThrowIfAny(string message, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
            throw new InvalidJobException($"{message} rejected: {string.Join(" ", problems)}");
    }
}
