namespace Jobs.Contracts;

/// <summary>How far a running job has got, as its handler last said.</summary>
/// <param name="Percent">0 to 100.</param>
/// <param name="Message">A short note for people (at most <see cref="JobLimits.MaxProgressMessageLength"/> characters): "Imported 400 of 1,000 rows".</param>
public record JobProgress(int Percent, string? Message = null);
