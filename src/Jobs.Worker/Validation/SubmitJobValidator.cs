using Jobs.Contracts;

namespace Jobs.Worker.Validation;

/// <summary>The rules a <see cref="SubmitJob"/> must meet before anything is recorded.</summary>
public static class SubmitJobValidator
{
    /// <summary>Throws <see cref="InvalidJobException"/> naming every problem, unless the command is valid.</summary>
    public static void ThrowIfInvalid(SubmitJob command)
    {
        var problems = Validate(command);
        if (problems.Count > 0)
            throw new InvalidJobException($"SubmitJob rejected: {string.Join(" ", problems)}");
    }

    /// <summary>Every problem with the command, as sentences; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(SubmitJob command)
    {
        var problems = new List<string>();
        if (command.JobId == Guid.Empty)
            problems.Add("JobId must be a non-empty UUID.");

        if (string.IsNullOrWhiteSpace(command.JobType))
            problems.Add($"JobType is required; it must be one of {string.Join(", ", JobTypes.All)}.");
        else if (!JobTypes.All.Contains(command.JobType))
            problems.Add($"JobType '{command.JobType}' is not known; it must be one of {string.Join(", ", JobTypes.All)}.");

        switch (command.JobType)
        {
            case JobTypes.HierarchyDuplicate when command.HierarchyId is null || command.HierarchyId == Guid.Empty:
                problems.Add("A hierarchy-duplicate job needs HierarchyId, the hierarchy to copy.");
                break;
            case JobTypes.ChildProducts when command.ProductId is null || command.ProductId == Guid.Empty:
                problems.Add("A child-products job needs ProductId, the parent product.");
                break;
            case JobTypes.ProductImport or JobTypes.PriceImport when string.IsNullOrWhiteSpace(command.FileLocation):
                problems.Add($"A {command.JobType} job needs FileLocation, where the uploaded file is stored.");
                break;
        }

        return problems;
    }
}
