using System.Collections.Concurrent;
using Jobs.Catalog.Files;
using Jobs.Contracts;
using Jobs.Handlers;
using Jobs.Worker.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Support;

/// <summary>
/// What the test handlers do and what they saw. A job's <c>behavior</c> parameter scripts its handler:
/// <c>succeed</c> (the default), <c>sleep:milliseconds</c>, <c>fail:message</c>, <c>throw:message</c>,
/// <c>block</c> (runs until the test calls <see cref="Release"/> or the run is cancelled), <c>progress:percent:message</c>
/// (reports that progress, then blocks), <c>hang</c> (never returns, whatever its cancellation token says) or
/// <c>files:location,location</c> (succeeds reporting those file locations: a name is written to the file store as the
/// job's file, with <see cref="FileContent"/>, and reported by its key; an absolute URI is reported as it is). Every run
/// is recorded with its start and end, in order.
/// </summary>
public sealed class ScriptedJobs(IFileStore? files = null)
{
    public const string BehaviorParameter = "behavior";

    readonly ConcurrentDictionary<Guid, TaskCompletionSource> _gates = new();
    readonly ConcurrentDictionary<Guid, TaskCompletionSource> _started = new();
    readonly Lock _lock = new();
    readonly List<Run> _runs = [];
    int _running;

    public int MaxConcurrentRuns { get; private set; }

    public IReadOnlyList<Run> Runs
    {
        get
        {
            lock (_lock)
                return [.. _runs];
        }
    }

    /// <summary>Completes when the handler of <paramref name="jobId"/> has been called.</summary>
    public Task StartedAsync(Guid jobId) => _started.GetOrAdd(jobId, _ => NewSignal()).Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Lets a <c>block</c> job finish successfully.</summary>
    public void Release(Guid jobId) => Gate(jobId).TrySetResult();

    public async Task<JobResult> RunAsync(JobExecution job, CancellationToken cancellationToken)
    {
        var run = new Run(job, DateTime.UtcNow);
        lock (_lock)
        {
            _runs.Add(run);
            _running++;
            MaxConcurrentRuns = Math.Max(MaxConcurrentRuns, _running);
        }

        _started.GetOrAdd(job.JobId, _ => NewSignal()).TrySetResult();
        try
        {
            var behavior = job.Parameters.GetValueOrDefault(BehaviorParameter, "succeed");
            if (behavior.StartsWith("progress:", StringComparison.Ordinal))
            {
                var progress = behavior["progress:".Length..].Split(':', 2);
                job.Progress.Report(new JobProgress(int.Parse(progress[0], System.Globalization.CultureInfo.InvariantCulture), progress[1]));
                await Gate(job.JobId).Task.WaitAsync(cancellationToken);
            }

            if (behavior == "block")
                await Gate(job.JobId).Task.WaitAsync(cancellationToken);
            if (behavior == "hang")
                await Gate(job.JobId).Task;
            if (behavior.StartsWith("sleep:", StringComparison.Ordinal))
                await Task.Delay(int.Parse(behavior["sleep:".Length..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            if (behavior.StartsWith("fail:", StringComparison.Ordinal))
                return JobResult.Failure(behavior["fail:".Length..].Split('|'));
            if (behavior.StartsWith("throw:", StringComparison.Ordinal))
                throw new InvalidOperationException(behavior["throw:".Length..]);
            if (behavior.StartsWith("files:", StringComparison.Ordinal))
                return JobResult.Success() with { FileLocations = await WriteFilesAsync(job, behavior["files:".Length..].Split(','), cancellationToken) };
            return JobResult.Success();
        }
        finally
        {
            lock (_lock)
            {
                _running--;
                run.EndedAt = DateTime.UtcNow;
            }
        }
    }

    /// <summary>What a <c>files:</c> job writes in its file <paramref name="name"/>.</summary>
    public static string FileContent(Guid jobId, string name) => $"id,name\n{jobId:N},{name}\n";

    async Task<List<string>> WriteFilesAsync(JobExecution job, string[] locations, CancellationToken cancellationToken)
    {
        var store = files ?? throw new InvalidOperationException("A files: job needs the file store.");
        var reported = new List<string>();
        foreach (var location in locations)
        {
            if (Uri.IsWellFormedUriString(location, UriKind.Absolute))
            {
                reported.Add(location);
                continue;
            }

            var key = JobFiles.Key(job.StoreId ?? JobStores.Default, job.JobId, location);
            var content = System.Text.Encoding.UTF8.GetBytes(FileContent(job.JobId, location));
            await store.SaveAsync(key, (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken);
            reported.Add(key);
        }

        return reported;
    }

    TaskCompletionSource Gate(Guid jobId) => _gates.GetOrAdd(jobId, _ => NewSignal());

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public sealed record Run(JobExecution Job, DateTime StartedAt)
    {
        public Guid JobId => Job.JobId;

        public int Attempt => Job.Attempt;

        public DateTime? EndedAt { get; set; }
    }
}

/// <summary>The test handler of one job type; all of them share <see cref="ScriptedJobs"/>.</summary>
public sealed class ScriptedHandler(string jobType, ScriptedJobs script) : IJobHandler
{
    public string JobType => jobType;

    public Task<JobResult> RunAsync(JobExecution job, CancellationToken cancellationToken) => script.RunAsync(job, cancellationToken);
}

public static class ScriptedHandlerRegistration
{
    public static IServiceCollection AddScriptedHandler(this IServiceCollection services, string jobType) =>
        services.AddSingleton<IJobHandler>(p => new ScriptedHandler(jobType, p.GetRequiredService<ScriptedJobs>()));
}
