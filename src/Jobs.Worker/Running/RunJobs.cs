namespace Jobs.Worker.Running;

/// <summary>
/// A wake-up for every worker's runners: "a line may have work". Published to all workers (each has a queue of
/// its own for it); carries nothing, because an idle slot claims whichever line has waited longest.
/// </summary>
public record RunJobs;
