namespace Jobs.Contracts;

/// <summary>The reply to a command for a job id that was never recorded.</summary>
/// <param name="JobId">The id asked about.</param>
public record JobNotFound(Guid JobId);
