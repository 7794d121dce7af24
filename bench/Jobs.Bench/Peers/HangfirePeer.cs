using System.Globalization;
using Hangfire;
using Hangfire.Logging;
using Jobs.Bench.Peers.Hangfire;
using Npgsql;

namespace Jobs.Bench.Peers;

/// <summary>
/// <c>peer hangfire --jobs N --warm-up W --variant default|tuned --postgres "&lt;connection string&gt;"</c>: Hangfire on
/// Hangfire.PostgreSql, one worker, on the benchmark's PostgreSQL, in an empty database. Runs the submit workload, then
/// the serial one, each in a schema of its own and each after W untimed jobs of its own kind, and prints one
/// <see cref="PeerResult"/> line: one run of the variant.
/// </summary>
static class HangfirePeer
{
    const string SubmitSchema = "hangfire_submit";
    const string SerialSchema = "hangfire_serial";

    /// <summary>How long the serial workload may run before the server is stopped and the jobs done so far are reported.</summary>
    static readonly TimeSpan SerialLimit = TimeSpan.FromSeconds(150);

    public static async Task<int> RunAsync(string[] args)
    {
        var (jobs, warmUp, variantName, postgres) = PeerArguments.Parse("hangfire", args);
        var variant = variantName == "tuned" ? HangfireVariant.Tuned() : HangfireVariant.Default();

        // No dashboard (it needs Hangfire.AspNetCore, not referenced) and nothing that phones out; only warnings are logged.
        GlobalConfiguration.Configuration.UseColouredConsoleLogProvider(LogLevel.Warn);
        variant.Configure(GlobalConfiguration.Configuration);
        var connectionString = variant.ConnectionString(postgres);
        Console.WriteLine($"hangfire {variant.Name}: {variant.Describe()}");

        var submit = await SubmitWorkload.RunAsync(variant.CreateStorage(postgres, SubmitSchema), warmUp, jobs);
        Console.WriteLine($"hangfire {variant.Name}: submit {submit:F0} jobs/s");
        // The submitted jobs are never run: drop them so that the serial workload starts from empty tables.
        await DropSchemaAsync(connectionString, SubmitSchema);

        var serial = await SerialWorkload.RunAsync(variant, variant.CreateStorage(postgres, SerialSchema), connectionString, SerialSchema, warmUp, jobs, SerialLimit);
        Console.WriteLine($"hangfire {variant.Name}: serial {serial.Jobs} jobs after {warmUp} of warm-up, {serial.JobsPerSecond:F1} jobs/s, " +
            $"{serial.SucceededInStorage} succeeded in storage{(serial.Capped ? ", capped" : "")}");
        if (serial.SucceededInStorage != warmUp + serial.Jobs || (!serial.Capped && serial.Jobs != jobs))
        {
            Console.Error.WriteLine($"hangfire {variant.Name}: {serial.Jobs} of {jobs} jobs ran after the warm-up, {serial.SucceededInStorage} succeeded: the figures are not valid.");
            return 1;
        }

        Console.WriteLine(new PeerResult
        {
            Variant = variant.Name,
            Settings = variant.Describe(),
            Jobs = serial.Jobs,
            SerialJobsPerSecond = Math.Round(serial.JobsPerSecond, 1),
            DispatchGapMsP50 = Math.Round(Stats.Percentile(serial.GapsMs, 50), 3),
            DispatchGapMsP99 = Math.Round(Stats.Percentile(serial.GapsMs, 99), 3),
            SubmitJobsPerSecond = Math.Round(submit, 1),
            Notes = Notes(variant, warmUp),
            RunNotes = RunNotes(jobs, serial),
        }.ToLine());
        return 0;
    }

    static string Notes(HangfireVariant variant, int warmUp) => string.Join(" ",
        variant.Caveat,
        "Times from Hangfire.PostgreSql's state history (state.createdat, timestamptz to the microsecond, stamped by the worker " +
        "as it writes the state, just before the commit; Jobs stamps just after): serial = jobs / (first Processing to last Succeeded), " +
        "gap = Processing of job n+1 - Succeeded of job n; each gap spans one commit either way.",
        "Per job Hangfire takes and releases a distributed job lock (a row in its lock table) around each of its two state changes, " +
        "writes a state-history row for each and removes the queue row separately: about 30-40 statements and 7 transactions per job.",
        "The queue is never empty in the serial workload, so QueuePollInterval and long polling do not enter the figures.",
        $"Warm-up: each workload first runs {warmUp} jobs of its own kind in the same process and schema, not counted (serial: the first {warmUp} to start).",
        $"Submit: {BenchOptions.Publishers} threads calling BackgroundJobClient.Enqueue, a direct synchronous insert into PostgreSQL " +
        "(returns once the job, its parameters, state and queue row are committed; no broker), no server running.");

    static string RunNotes(int jobs, SerialWorkload.Outcome serial)
    {
        var notes = new List<string>
        {
            FormattableString.Invariant($"An in-process state filter (Stopwatch) read gap p50 {Stats.Percentile(serial.FilterGapsMs, 50):F3} ms, p99 {Stats.Percentile(serial.FilterGapsMs, 99):F3} ms."),
        };
        if (serial.Capped)
            notes.Insert(0, FormattableString.Invariant($"CAPPED: the serial workload was stopped after {SerialLimit.TotalSeconds:F0} s with {serial.Jobs} of {jobs} jobs run after the warm-up; figures are over those."));
        return string.Join(" ", notes);
    }

    static async Task DropSchemaAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""drop schema "{schema}" cascade""", connection);
        await command.ExecuteNonQueryAsync();
    }
}
