using System.Globalization;
using MassTransit;

namespace Jobs.Bench.Peers.MassTransit;

/// <summary>
/// One way of configuring MassTransit's job service: its defaults, or the settings that gave the best serial
/// throughput. Every knob either variant touches is a property here, read from MassTransit's own options objects
/// for the defaults, so that <see cref="Describe"/> reports the values actually in effect.
/// </summary>
sealed record JobConsumersVariant
{
    /// <summary>The limit the benchmark compares at: one job at a time, like one Jobs worker slot.</summary>
    public const int ConcurrentJobLimit = 1;

    public required string Name { get; init; }

    // JobSagaOptions (the job, job attempt and job type sagas).
    public required TimeSpan SlotWaitTime { get; init; }
    public required TimeSpan StatusCheckInterval { get; init; }
    public required TimeSpan HeartbeatTimeout { get; init; }
    public required int SuspectJobRetryCount { get; init; }
    public required TimeSpan? SuspectJobRetryDelay { get; init; }
    public required int? ConcurrentMessageLimit { get; init; }
    public required bool FinalizeCompleted { get; init; }

    // JobConsumerOptions (the job consumer's service instance).
    public required TimeSpan HeartbeatInterval { get; init; }
    public required TimeSpan RejectedJobDelay { get; init; }

    // JobOptions<NoOpJob>, but for the concurrent job limit, which is fixed.
    public required TimeSpan JobTimeout { get; init; }

    /// <summary>MassTransit's defaults, with a concurrent job limit of 1.</summary>
    public static JobConsumersVariant Default()
    {
        var sagas = new JobSagaOptions();
        var consumers = new JobConsumerOptions();
        var job = new JobOptions<NoOpJob>();
        return new JobConsumersVariant
        {
            Name = "default",
            SlotWaitTime = sagas.SlotWaitTime,
            StatusCheckInterval = sagas.StatusCheckInterval,
            HeartbeatTimeout = sagas.HeartbeatTimeout,
            SuspectJobRetryCount = sagas.SuspectJobRetryCount,
            SuspectJobRetryDelay = sagas.SuspectJobRetryDelay,
            ConcurrentMessageLimit = sagas.ConcurrentMessageLimit,
            FinalizeCompleted = sagas.FinalizeCompleted,
            HeartbeatInterval = consumers.HeartbeatInterval,
            RejectedJobDelay = consumers.RejectedJobDelay,
            JobTimeout = job.JobTimeout,
        };
    }

    /// <summary>
    /// The best serial throughput found, at 300 jobs on two cores. A waiting job is not woken when the slot frees,
    /// so every job waiting asks again each SlotWaitTime: shorter waits (1, 5, 10, 20 ms) flood the job type saga
    /// with slot requests and ran slower (30-45 jobs/s), longer ones (150, 250, 500, 1000 ms) leave the slot idle
    /// (6-50 jobs/s); 50 and 100 ms did best, 100 ms more steadily (60-104 jobs/s). JobSagaOptions.SlotWaitTime's
    /// own check (at least 1 s) is not enforced by AddJobSagaStateMachines. ConcurrentMessageLimit 1, 4, 32, 64 and
    /// 128 on the saga endpoints made no difference beyond the noise, so it stays at its default; the other knobs
    /// (status checks, heartbeats, suspect-job retries) do not act on jobs that finish at once.
    /// </summary>
    public static JobConsumersVariant Tuned() => Default() with
    {
        Name = "tuned",
        SlotWaitTime = TimeSpan.FromMilliseconds(100),
    };

    public void ConfigureSagas(JobSagaOptions options)
    {
        options.SlotWaitTime = SlotWaitTime;
        options.StatusCheckInterval = StatusCheckInterval;
        options.HeartbeatTimeout = HeartbeatTimeout;
        options.SuspectJobRetryCount = SuspectJobRetryCount;
        options.SuspectJobRetryDelay = SuspectJobRetryDelay;
        options.ConcurrentMessageLimit = ConcurrentMessageLimit;
        options.FinalizeCompleted = FinalizeCompleted;
    }

    public void ConfigureConsumers(JobConsumerOptions options)
    {
        options.HeartbeatInterval = HeartbeatInterval;
        options.RejectedJobDelay = RejectedJobDelay;
    }

    /// <param name="globalJobLimit">The job type's limit across all instances; null for none.</param>
    public void ConfigureJob(JobOptions<NoOpJob> options, int? globalJobLimit) => options
        .SetConcurrentJobLimit(ConcurrentJobLimit)
        .SetGlobalConcurrentJobLimit(globalJobLimit)
        .SetJobTimeout(JobTimeout);

    /// <summary>For the report: every setting either variant relies on, with the value used.</summary>
    public string Describe() => string.Join("; ",
        $"MassTransit {AssemblyVersions.Of<JobSagaOptions>()} job consumers on the in-memory transport (its delayed delivery as the message scheduler) with in-memory saga repositories",
        $"ConcurrentJobLimit={ConcurrentJobLimit}",
        $"SlotWaitTime={Seconds(SlotWaitTime)}",
        $"StatusCheckInterval={Seconds(StatusCheckInterval)}",
        $"HeartbeatTimeout={Seconds(HeartbeatTimeout)}",
        $"SuspectJobRetryCount={SuspectJobRetryCount}",
        $"SuspectJobRetryDelay={(SuspectJobRetryDelay is { } delay ? Seconds(delay) : "none")}",
        $"ConcurrentMessageLimit={(ConcurrentMessageLimit?.ToString(CultureInfo.InvariantCulture) ?? "none")}",
        $"FinalizeCompleted={FinalizeCompleted}",
        $"HeartbeatInterval={Seconds(HeartbeatInterval)}",
        $"RejectedJobDelay={Seconds(RejectedJobDelay)}",
        $"JobTimeout={Seconds(JobTimeout)}");

    static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
