using System.Diagnostics.Metrics;
using Jobs.Contracts;

namespace Jobs.Worker.Telemetry;

/// <summary>
/// Jobs' instruments, on the meter <see cref="JobsTelemetry.Name"/> (README, "Metrics", lists each with its unit, tags and
/// meaning). What happens to a job is counted by whoever records it, once its transaction has committed: the saga for
/// submissions, starts and outcomes (whichever way the command came), the runner for a lease it found run out. The
/// gauges read the database when a reader collects them (<see cref="JobsBacklog"/>). Every worker has one, listened to
/// or not: an instrument nobody listens to records nothing and costs a check.
/// </summary>
sealed class JobsMetrics
{
    /// <summary>The job's type: one of <see cref="JobTypes"/>.</summary>
    public const string TypeTag = "job.type";

    /// <summary>How the job ended: success, failed or cancelled.</summary>
    public const string StatusTag = "job.status";

    /// <summary>The store of a gauge's figure; the figure over every store has no store.</summary>
    public const string StoreTag = "job.store";

    /// <summary>What became of a job whose lease ran out: put back in line, or failed on its last attempt.</summary>
    public const string RecoveryTag = "job.recovery";

    /// <summary>The job whose lease ran out went back to the head of its line, to run again.</summary>
    public const string PutBack = "put_back";

    /// <summary>The job whose lease ran out had had its last attempt, and failed.</summary>
    public const string Failed = "failed";

    /// <summary>
    /// Bucket bounds in seconds for waits and runs: from a few milliseconds (a no-op job behind another) to a day (the
    /// default <c>Jobs:Runner:Timeout</c>). OpenTelemetry's default bounds suit milliseconds, not seconds.
    /// </summary>
    static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200, 21600, 86400],
    };

    readonly Counter<long> _submitted;
    readonly Counter<long> _started;
    readonly Counter<long> _retried;
    readonly Counter<long> _finished;
    readonly Counter<long> _leaseExpired;
    readonly Histogram<double> _wait;
    readonly Histogram<double> _run;

    public JobsMetrics(IMeterFactory meters, JobsBacklog backlog)
    {
        var meter = meters.Create(JobsTelemetry.Name);
        _submitted = meter.CreateCounter<long>("jobs.submitted", "{job}", "Jobs recorded, by type; a submission of an existing job id is not counted again");
        _started = meter.CreateCounter<long>("jobs.started", "{job}", "Starts of jobs, by type, retries included");
        _retried = meter.CreateCounter<long>("jobs.retried", "{job}", "Starts of jobs after their first attempt (an earlier run's lease ran out), by type");
        _finished = meter.CreateCounter<long>("jobs.finished", "{job}", "Jobs that ended, by type and status: success, failed or cancelled");
        _leaseExpired = meter.CreateCounter<long>("jobs.lease.expired", "{job}",
            "Runs whose lease ran out (their worker or handler stopped), by type and what became of the job: put_back or failed");
        _wait = meter.CreateHistogram<double>("jobs.wait.duration", "s", "From a job's creation to its start, at every start, by type", advice: SecondsBuckets);
        _run = meter.CreateHistogram<double>("jobs.run.duration", "s", "From a job's start to its success or failure, by type and status", advice: SecondsBuckets);
        meter.CreateObservableGauge("jobs.line.pending", backlog.PendingJobs, "{job}",
            "Pending jobs in the whole database, and in each of the stores with the most (Jobs:Telemetry:MaxStoresPerGauge)");
        meter.CreateObservableGauge("jobs.line.oldest_age", backlog.OldestPendingAge, "s",
            "How long the oldest pending job has waited since it was created, in the whole database and in each of the stores where it is oldest");
        meter.CreateObservableGauge("jobs.outbox.backlog", backlog.OutboxBacklog, "{message}", "Messages in the outbox waiting to be sent");
        meter.CreateObservableGauge("jobs.outbox.oldest_age", backlog.OldestOutboxAge, "s", "How long the oldest message in the outbox has waited to be sent");
    }

    /// <summary>True when anything listens to the counts of what happens to jobs: otherwise nothing needs to be kept for them.</summary>
    public bool Enabled => _submitted.Enabled || _started.Enabled || _retried.Enabled || _finished.Enabled || _wait.Enabled || _run.Enabled;

    public void Submitted(JobSnapshot job) => _submitted.Add(1, Type(job.JobType));

    /// <summary>A start: counted, a retry when it is not the job's first attempt, and its wait since the job was created.</summary>
    public void Started(JobSnapshot job)
    {
        var type = Type(job.JobType);
        _started.Add(1, type);
        if (job.Attempt > 1)
            _retried.Add(1, type);
        if (job.StartedAt is { } startedAt)
            _wait.Record(Seconds(startedAt - job.CreatedAt), type);
    }

    /// <summary>An end: counted by its status, and a job that ran, by how long its last run took.</summary>
    public void Finished(JobSnapshot job)
    {
        var type = Type(job.JobType);
        var status = new KeyValuePair<string, object?>(StatusTag, job.Status);
        _finished.Add(1, type, status);
        if (job is { StartedAt: { } startedAt, CompletedAt: { } completedAt })
            _run.Record(Seconds(completedAt - startedAt), type, status);
    }

    /// <summary>A run whose lease ran out, once the job has been put back in line or failed.</summary>
    public void LeaseExpired(string jobType, string recovery) =>
        _leaseExpired.Add(1, Type(jobType), new KeyValuePair<string, object?>(RecoveryTag, recovery));

    static KeyValuePair<string, object?> Type(string jobType) => new(TypeTag, jobType);

    /// <summary>A duration in seconds; never negative, whatever a clock did between two readings.</summary>
    static double Seconds(TimeSpan duration) => Math.Max(0, duration.TotalSeconds);
}
