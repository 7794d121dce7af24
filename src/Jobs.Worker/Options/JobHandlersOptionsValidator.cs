using System.Text.RegularExpressions;
using Jobs.Contracts;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Options;

/// <summary>
/// Checks <c>Jobs:Handlers</c> at start-up: each entry names a job type, a queue RabbitMQ accepts and a sane pickup
/// timeout, and no type is handled both in another service and by an <c>IJobHandler</c> in this process.
/// </summary>
sealed partial class JobHandlersOptionsValidator(IEnumerable<IJobHandler> handlers) : IValidateOptions<JobHandlersOptions>
{
    static readonly TimeSpan MinPickupTimeout = TimeSpan.FromSeconds(1);
    static readonly TimeSpan MaxPickupTimeout = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, JobHandlersOptions options)
    {
        var problems = new List<string>();
        var inProcess = handlers.ToDictionary(h => h.JobType, h => h.GetType().Name, StringComparer.Ordinal);
        foreach (var (jobType, remote) in options.Remote)
        {
            var key = $"{JobHandlersOptions.SectionName}:{jobType}";
            if (JobTypes.Find(jobType) is null)
                problems.Add($"{key} names no job type; the types are {string.Join(", ", JobTypes.All)}.");
            if (string.IsNullOrWhiteSpace(remote.Queue))
                problems.Add($"{key}:Queue is required: the queue the type's RunJobs go to.");
            else if (remote.Queue.Length > JobLimits.MaxHandlerQueueLength || !QueueName().IsMatch(remote.Queue))
                problems.Add($"{key}:Queue must be 1 to {JobLimits.MaxHandlerQueueLength} letters, digits, '.', '-', '_' or ':'.");
            if (remote.PickupTimeout < MinPickupTimeout || remote.PickupTimeout > MaxPickupTimeout)
                problems.Add($"{key}:PickupTimeout must be between {MinPickupTimeout} and {MaxPickupTimeout}, not {remote.PickupTimeout}.");
            if (inProcess.TryGetValue(jobType, out var handler))
                problems.Add($"{key}:Queue sends {jobType} jobs to another service, yet {handler} handles them in this process: keep one of the two.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex QueueName();
}
