namespace Jobs.Worker.Running;

/// <summary>
/// A wake-up for the runner: "there may be a job to start". Carries nothing because the runner always
/// starts the head of the line, whichever job caused the wake-up.
/// </summary>
public record RunJobs;
