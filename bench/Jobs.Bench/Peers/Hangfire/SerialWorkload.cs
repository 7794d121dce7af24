using System.Globalization;
using Hangfire;
using Npgsql;

namespace Jobs.Bench.Peers.Hangfire;

/// <summary>
/// W + N no-op jobs enqueued up front, then one server with one worker runs them one at a time; the first W to start
/// are the warm-up and are not counted. Timed from Hangfire's own state history: each state row's <c>createdat</c> (timestamptz, microseconds) is stamped by the worker when it
/// writes the state, just before the transaction commits.
/// </summary>
static class SerialWorkload
{
    /// <param name="Jobs">Jobs that ran after the warm-up (all of them, unless <paramref name="Capped"/>).</param>
    /// <param name="JobsPerSecond">Jobs over the time from the first Processing state to the last Succeeded one.</param>
    /// <param name="GapsMs">Per consecutive pair in the order they ran: job n's Succeeded to job n+1's Processing.</param>
    /// <param name="FilterGapsMs">The same gaps from <see cref="StateTimeline"/>'s monotonic clock, as a check.</param>
    /// <param name="SucceededInStorage">Jobs whose current state in Hangfire's job table is Succeeded, the warm-up's too.</param>
    /// <param name="Capped">Whether the time limit stopped the server before every job had run.</param>
    public sealed record Outcome(int Jobs, double JobsPerSecond, List<double> GapsMs, List<double> FilterGapsMs, int SucceededInStorage, bool Capped);

    public static async Task<Outcome> RunAsync(HangfireVariant variant, JobStorage storage, string connectionString, string schema,
        int warmUp, int jobs, TimeSpan limit)
    {
        await SubmitWorkload.PublishAsync(new BackgroundJobClient(storage), warmUp + jobs);

        var timeline = new StateTimeline();
        GlobalJobFilters.Filters.Add(timeline);
        bool capped;
        using (new BackgroundJobServer(variant.ServerOptions(), storage))
        {
            var done = timeline.WaitForAsync(warmUp + jobs);
            capped = await Task.WhenAny(done, Task.Delay(limit)) != done;
        }

        GlobalJobFilters.Filters.Remove(timeline);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var runs = (await ReadRunsAsync(connection, schema)).Skip(warmUp).ToList();
        if (runs.Count < 2)
            throw new InvalidOperationException($"Only {runs.Count} of {jobs} jobs ran within {limit} after the {warmUp} of the warm-up.");
        var gaps = runs.Zip(runs.Skip(1), (a, b) => (b.Started - a.Finished).TotalMilliseconds).ToList();
        return new Outcome(runs.Count, runs.Count / (runs[^1].Finished - runs[0].Started).TotalSeconds, gaps, timeline.GapsMs().Skip(warmUp).ToList(),
            await CountSucceededAsync(connection, schema), capped);
    }

    /// <summary>Each job that both started and succeeded, with the two moments its state history records, in the order the jobs started.</summary>
    static async Task<List<(DateTime Started, DateTime Finished)>> ReadRunsAsync(NpgsqlConnection connection, string schema)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select max("createdat") filter (where "name" = 'Processing'), max("createdat") filter (where "name" = 'Succeeded')
            from "{schema}"."state"
            group by "jobid"
            having count(*) filter (where "name" = 'Processing') > 0 and count(*) filter (where "name" = 'Succeeded') > 0
            order by 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<(DateTime, DateTime)>();
        while (await reader.ReadAsync())
            runs.Add((reader.GetDateTime(0), reader.GetDateTime(1)));
        return runs;
    }

    static async Task<int> CountSucceededAsync(NpgsqlConnection connection, string schema)
    {
        await using var command = new NpgsqlCommand($"""select count(*) from "{schema}"."job" where "statename" = 'Succeeded'""", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
