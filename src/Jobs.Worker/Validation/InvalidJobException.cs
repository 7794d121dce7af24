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
}
