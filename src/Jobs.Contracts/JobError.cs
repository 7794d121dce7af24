namespace Jobs.Contracts;

/// <summary>One error a job reported (a <c>pim-job-error</c>).</summary>
/// <param name="Id">The error's id.</param>
/// <param name="Message">What went wrong, for a person to read.</param>
public record JobError(Guid Id, string Message);
