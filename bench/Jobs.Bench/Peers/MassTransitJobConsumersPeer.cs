using System.Globalization;
using Jobs.Bench.Peers.MassTransit;

namespace Jobs.Bench.Peers;

/// <summary>
/// <c>peer masstransit --jobs N --warm-up W --variant default|tuned --postgres "&lt;connection string&gt;"</c>: MassTransit's
/// own job consumers (<c>IJobConsumer</c> and the job service sagas) with a concurrent job limit of 1, on the in-memory
/// transport with in-memory saga repositories. Runs the submit workload, then the serial one, each on a bus of its
/// own and each after W untimed jobs of its own kind, and prints one <see cref="PeerResult"/> line: one run of the
/// variant. The PostgreSQL connection string every peer is given is not used.
/// </summary>
static class MassTransitJobConsumersPeer
{
    /// <summary>
    /// How long the serial workload may run after its warm-up before the bus is stopped and the jobs done so far are
    /// reported. The default variant always reaches it (its slot waits hold it near a job a second); each variant runs
    /// three times, and a minute each (after a warm-up of at most a minute) keeps the default's three near six minutes.
    /// </summary>
    static readonly TimeSpan SerialLimit = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        // The PostgreSQL every peer is given goes unused: this one runs without a database.
        var (jobs, warmUp, variantName, _) = PeerArguments.Parse("masstransit", args);
        var variant = variantName == "tuned" ? JobConsumersVariant.Tuned() : JobConsumersVariant.Default();
        Console.WriteLine($"masstransit {variant.Name}: {variant.Describe()}");

        var submit = await SubmitWorkload.RunAsync(variant, warmUp, jobs);
        Console.WriteLine($"masstransit {variant.Name}: submit {submit:F0} jobs/s");

        var serial = await SerialWorkload.RunAsync(variant, warmUp, jobs, SerialLimit);
        Console.WriteLine($"masstransit {variant.Name}: serial {serial.Jobs} jobs after {serial.WarmUpJobs} of warm-up, {serial.JobsPerSecond:F2} jobs/s, " +
            $"{serial.Failed.Count} faulted or canceled{(serial.Capped ? ", capped" : "")}{(serial.Stalled ? ", stalled" : "")}; " +
            $"unsettled by state: {Describe(serial.Unsettled)}");
        if (serial.Failed.Count > 0 || (!serial.Capped && !serial.Stalled && serial.WarmUpJobs + serial.Jobs != warmUp + jobs))
        {
            var reason = serial.Failed.Values.FirstOrDefault();
            Console.Error.WriteLine($"masstransit {variant.Name}: {serial.Jobs} of {jobs} jobs ran after the warm-up, {serial.Failed.Count} faulted or canceled" +
                $"{(reason is null ? "" : $" (first: {reason})")}: the figures are not valid.");
            return 1;
        }

        Console.WriteLine(new PeerResult
        {
            Variant = variant.Name,
            Settings = variant.Describe(),
            Jobs = serial.Jobs,
            // Two decimals: the default variant runs near one job a second.
            SerialJobsPerSecond = Math.Round(serial.JobsPerSecond, 2),
            DispatchGapMsP50 = Math.Round(Stats.Percentile(serial.GapsMs, 50), 3),
            DispatchGapMsP99 = Math.Round(Stats.Percentile(serial.GapsMs, 99), 3),
            SubmitJobsPerSecond = Math.Round(submit, 1),
            Notes = Notes(variant, warmUp),
            RunNotes = RunNotes(warmUp, jobs, variant, serial),
        }.ToLine());
        return 0;
    }

    static string Notes(JobConsumersVariant variant, int warmUp) => string.Join(" ",
        "MassTransit's in-memory transport and in-memory saga repositories, which favour this peer: no broker, no database, " +
        "no durability (the other systems run on RabbitMQ and PostgreSQL). The job service needs a message scheduler and " +
        "Debian's RabbitMQ lacks the delayed-exchange plugin; the in-memory transport delays messages natively, and serves as " +
        "the scheduler (UseDelayedMessageScheduler). The --postgres argument is accepted and not used.",
        "Times from the job saga's own JobStarted and JobCompleted events: their Timestamp is DateTime.UtcNow taken by MassTransit's " +
        "job context just before the consumer's Run and just after it returns, and carried unchanged into the events " +
        "(one process, one clock, 100 ns ticks); serial = jobs / (first start to last completion), gap = start of job n+1 - " +
        "completion of job n, in start order.",
        "A job refused a slot is not woken when the slot frees: its job saga asks the job type saga again only after SlotWaitTime " +
        $"({variant.SlotWaitTime.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s here), so with a limit of 1 the waits, not the work, set the pace.",
        $"Serial: all jobs submitted from {BenchOptions.Publishers} publishers right after the bus started; the first starts while the rest are being submitted; " +
        $"capped at {SerialLimit.TotalSeconds:F0} s after the warm-up.",
        $"Warm-up: each workload first runs {warmUp} jobs of its own kind on the same bus, not counted (serial: the first {warmUp} to complete, " +
        $"or those that completed in its first {SerialWorkload.WarmUpLimit.TotalSeconds:F0} s if fewer).",
        $"Submit: {BenchOptions.Publishers} concurrent publishers calling SubmitJob on IRequestClient<SubmitJob<NoOpJob>> over the in-memory transport, " +
        "each awaiting JobSubmissionAccepted, which MassTransit's SubmitJobConsumer sends once it has published JobSubmitted into the job saga's " +
        "in-memory queue (the saga stores the job after, in memory: nothing is durable). " +
        "No job runs: the job type's global concurrent job limit is 0 on that bus, so every job saga is refused a slot and " +
        "waits, asking again every SlotWaitTime.");

    static string RunNotes(int warmUp, int jobs, JobConsumersVariant variant, SerialWorkload.Outcome serial)
    {
        var notes = new List<string>
        {
            serial.WarmUpJobs < warmUp
                ? FormattableString.Invariant($"Warm-up: {serial.WarmUpJobs} of {warmUp} jobs completed in its {SerialWorkload.WarmUpLimit.TotalSeconds:F0} s; the rest count.")
                : FormattableString.Invariant($"Warm-up: {warmUp} jobs."),
            FormattableString.Invariant($"A consumer of the two events read a Stopwatch on receipt: gap p50 {Stats.Percentile(serial.ReceivedGapsMs, 50):F3} ms, p99 {Stats.Percentile(serial.ReceivedGapsMs, 99):F3} ms."),
        };
        if (serial.Stalled)
        {
            notes.Insert(0, FormattableString.Invariant($"STALLED: {warmUp + jobs - serial.WarmUpJobs - serial.Jobs} of {warmUp + jobs} jobs never ran: with them outstanding, no job started or finished for {serial.StallTimeout.TotalSeconds:F0} s ") +
                $"({Math.Round(serial.StallTimeout / variant.SlotWaitTime)} slot waits), and the job saga reports them as {Describe(serial.Unsettled)}; figures are over the {serial.Jobs} that ran. " +
                "A job waiting for a slot moves only when its scheduled JobSlotWaitElapsed arrives; in MassTransit's debug log of such runs " +
                "(taken while this peer was written), that message was sent to the in-memory transport with its delay and never received.");
        }

        if (serial.Capped)
            notes.Insert(0, FormattableString.Invariant($"CAPPED: the serial workload was stopped after {SerialLimit.TotalSeconds:F0} s with {serial.Jobs} of {warmUp + jobs - serial.WarmUpJobs} jobs run after the warm-up; figures are over those."));
        return string.Join(" ", notes);
    }

    static string Describe(IReadOnlyDictionary<string, int> states) =>
        states.Count == 0 ? "none" : string.Join(", ", states.Select(s => $"{s.Key}={s.Value}"));
}
