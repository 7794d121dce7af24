namespace Jobs.Contracts;

/// <summary>The reply to a command for a job id that is not recorded (for a <see cref="CancelJob"/>, not even after waiting for it).</summary>
/// <param name="JobId">The id asked about.</param>
public record JobNotFound(Guid JobId);
