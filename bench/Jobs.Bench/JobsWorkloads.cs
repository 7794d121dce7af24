using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Jobs.Bench.Roles;
using Jobs.Contracts;
using Jobs.LocalServers;
using Jobs.Worker.Persistence;
using MassTransit;
using Npgsql;

namespace Jobs.Bench;

/// <summary>The workloads run on Jobs: its worker and API as separate processes, on RabbitMQ and PostgreSQL.</summary>
sealed class JobsWorkloads(BenchServices services, BenchOptions options, TextWriter log)
{
    const string BenchClientId = "bench";
    const string BenchClientSecret = "bench-secret";

    /// <summary>The numbers of stores the stores workload spreads its jobs over, each measured in the same run.</summary>
    public static readonly int[] StoreCounts = [1, 4, 16];

    /// <summary>The offset of the deep page the read workload lists.</summary>
    public const int DeepPageOffset = 10_000;

    /// <summary>Requests of each read sent, and not timed, before the timed ones.</summary>
    public const int UntimedReads = 50;

    /// <summary>Cancellations sent, and not timed, before the timed ones.</summary>
    public const int UntimedCancels = 20;

    /// <summary>
    /// Workload 1: W + N no-op jobs recorded up front, then run one at a time by one worker, the first W to start not
    /// counted (the warm-up); also how long each JobStarted and JobSucceeded took from its commit to a subscriber. With <paramref name="remoteHandler"/> the jobs' type is
    /// handled in a service of its own (the <c>remote-handler</c> role): each start sends it a <c>RunJob</c> and the
    /// line waits for its <c>JobCompleted</c>. With <paramref name="telemetry"/> the worker runs with telemetry on, as
    /// <see cref="TelemetryOn"/> sets it.
    /// </summary>
    public async Task<SerialResult> SerialAsync(bool remoteHandler = false, bool telemetry = false)
    {
        var environment = await services.NewEnvironmentAsync();
        if (remoteHandler)
            environment[$"Jobs:Handlers:{RemoteHandlerRole.JobType}:Queue"] = RemoteHandlerRole.Queue;
        var total = options.WarmUpJobs + options.Jobs;
        await RecordPendingAsync(environment, total);
        await using var clock = await EventClock.StartAsync(environment["ConnectionStrings:RabbitMq"]!);

        await using var sink = telemetry ? OtlpSink.Start() : null;
        // The worker's health port, where Prometheus scrapes it.
        var address = sink is null ? null : new Uri($"http://127.0.0.1:{LocalProcess.FreePort()}");
        await using var handler = remoteHandler ? await ChildProcess.StartAsync(BuildOutput.Bench, ["remote-handler"], environment) : null;
        await using var worker = await StartWorkerAsync(sink is null ? environment : TelemetryOn(environment, sink, address!), runner: true);
        await using var scraper = sink is null ? null : MetricsScraper.Start(address!);
        await WaitUntilAsync(() => clock.Succeeded == total, TimeSpan.FromMinutes(10), "every job to succeed");
        var peak = worker.PeakResidentMegabytes();
        if (scraper is not null)
            await CheckTelemetryAsync(scraper, sink!, peak);
        await worker.StopAsync();
        if (handler is not null)
            await handler.StopAsync();

        var (jobsPerSecond, gaps, latencies) = clock.Measure(options.WarmUpJobs);
        return new SerialResult(jobsPerSecond, Stats.Percentile(gaps, 50), Stats.Percentile(gaps, 99), Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), peak);
    }

    /// <summary>
    /// Telemetry on as a production worker would have it: Prometheus' <c>/metrics</c> on the health port (scraped every
    /// second by <see cref="MetricsScraper"/>), and OTLP over HTTP (protobuf) to a collector (<see cref="OtlpSink"/>) with
    /// OpenTelemetry's defaults (every span kept, batched every 5 s), except that metrics are exported every second
    /// rather than every minute, so that the run pays for several exports.
    /// </summary>
    static Dictionary<string, string?> TelemetryOn(Dictionary<string, string?> environment, OtlpSink sink, Uri address) =>
        new(environment)
        {
            ["urls"] = address.ToString(),
            ["Jobs:Telemetry:Prometheus"] = "true",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        };

    /// <summary>
    /// A telemetry-on figure counts only if the telemetry really flowed: scrapes with the jobs counted, and exports of both
    /// signals. The worker's peak memory is logged; the report keeps it out of the peak of the runs without telemetry.
    /// </summary>
    async Task CheckTelemetryAsync(MetricsScraper scraper, OtlpSink sink, double peakMegabytes)
    {
        var scrape = await scraper.StopAsync();
        var (traces, metrics) = (sink.Exports("/v1/traces"), sink.Exports("/v1/metrics"));
        log.WriteLine($"  telemetry on: {scraper.Scrapes} scrapes of /metrics, {traces} trace and {metrics} metric exports over OTLP, worker peak RSS {peakMegabytes:F0} MiB");
        if (!scrape.Contains("jobs_finished_total", StringComparison.Ordinal) || traces == 0 || metrics == 0)
            throw new InvalidOperationException($"The telemetry-on run's telemetry did not flow: {traces} trace and {metrics} metric exports; last scrape:\n{scrape}");
    }

    /// <summary>
    /// Workload 2: W + N no-op jobs spread evenly over <paramref name="stores"/> stores, recorded up front, then run by
    /// two workers started together; jobs per second from the first start after the first W (the warm-up) to the last
    /// completion.
    /// </summary>
    public async Task<Throughput> StoresAsync(int stores)
    {
        var environment = await services.NewEnvironmentAsync();
        var total = options.WarmUpJobs + options.Jobs;
        await RecordPendingAsync(environment, total, stores);
        await using var clock = await EventClock.StartAsync(environment["ConnectionStrings:RabbitMq"]!);

        var starting = new[] { StartWorkerAsync(environment, runner: true), StartWorkerAsync(environment, runner: true) };
        await using var first = await starting[0];
        await using var second = await starting[1];
        await WaitUntilAsync(() => clock.Succeeded == total, TimeSpan.FromMinutes(10), "every job to succeed");
        var peak = Math.Max(first.PeakResidentMegabytes(), second.PeakResidentMegabytes());
        await Task.WhenAll(first.StopAsync(), second.StopAsync());

        return new Throughput(clock.Measure(options.WarmUpJobs).JobsPerSecond, peak);
    }

    /// <summary>
    /// Workload 3: jobs accepted per second from <see cref="BenchOptions.Publishers"/> publishers, each sending a
    /// <see cref="SubmitJob"/> request over RabbitMQ and waiting for the <see cref="JobSubmitted"/> the worker answers
    /// once the job is committed to PostgreSQL. W jobs are submitted the same way first and not timed.
    /// </summary>
    public async Task<Throughput> SubmitAsync()
    {
        var environment = await services.NewEnvironmentAsync();
        await using var worker = await StartWorkerAsync(environment, runner: false);
        var buses = await Task.WhenAll(Enumerable.Range(0, BenchOptions.Publishers).Select(_ => StartBusAsync(environment)));
        try
        {
            var clients = buses.Select(bus => bus.CreateRequestClient<SubmitJob>(new Uri("queue:job-state"), RequestTimeout.After(m: 1))).ToList();
            await SubmitAndWaitAsync(clients, options.WarmUpJobs);
            var stopwatch = Stopwatch.StartNew();
            await SubmitAndWaitAsync(clients, options.Jobs);
            return new Throughput(options.Jobs / stopwatch.Elapsed.TotalSeconds, worker.PeakResidentMegabytes());
        }
        finally
        {
            foreach (var bus in buses)
                await bus.StopAsync();
        }
    }

    /// <summary>The i-th of <paramref name="jobs"/> jobs from publisher i mod the publishers, each publisher one request at a time.</summary>
    static Task SubmitAndWaitAsync(IReadOnlyList<IRequestClient<SubmitJob>> clients, int jobs) =>
        Task.WhenAll(clients.Select(async (client, publisher) =>
        {
            for (var i = publisher; i < jobs; i += clients.Count)
                await client.GetResponse<JobSubmitted>(new SubmitJob { JobId = NewId.NextGuid(), JobType = JobTypes.ProductExport });
        }));

    /// <summary>Workload 4: cancellations through the API while thousands of jobs wait behind a busy runner.</summary>
    public async Task<CancelResult> CancelAsync()
    {
        var environment = await services.NewEnvironmentAsync();
        await using var worker = await StartWorkerAsync(environment, runner: true);
        await using var api = await StartApiAsync(environment);
        using var http = await ClientAsync(api.Address);
        var busy = await SubmitOverHttpAsync(http, new { sleep = "3600000" });
        await WaitUntilAsync(async () => await StatusAsync(http, busy) == JobStatuses.Started, TimeSpan.FromMinutes(1), "the runner to be busy");
        var pending = await SubmitManyAsync(environment, options.PendingForCancel);
        log.WriteLine($"  {pending.Count} jobs pending behind a busy runner");

        var toCancel = pending.OrderBy(_ => Random.Shared.Next()).Take(options.Cancels + UntimedCancels).ToList();
        var timings = new List<double>();
        foreach (var (jobId, index) in toCancel.Select((id, i) => (id, i)))
        {
            var stopwatch = Stopwatch.StartNew();
            using var response = await http.PostAsync($"/pcm/jobs/{jobId}/cancel", content: null);
            stopwatch.Stop();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Cancelling {jobId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if (index >= UntimedCancels)
                timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return new CancelResult(Stats.Percentile(timings, 50), Stats.Percentile(timings, 99), worker.PeakResidentMegabytes(), api.Process.PeakResidentMegabytes());
    }

    /// <summary>
    /// The read workload's table, built once for all its runs (loading it takes longer than reading it): the rows,
    /// bulk loaded, in a database of its own.
    /// </summary>
    public async Task<Dictionary<string, string?>> LoadRowsAsync()
    {
        var environment = await services.NewEnvironmentAsync();
        await ChildProcess.RunAsync(BuildOutput.Bench, ["worker", "migrate"], environment);
        await BulkLoadAsync(environment["ConnectionStrings:Jobs"]!, options.Rows);
        return environment;
    }

    /// <summary>Workload 5: reads through a fresh API over the rows <see cref="LoadRowsAsync"/> loaded.</summary>
    public async Task<ReadResult> ReadsAsync(Dictionary<string, string?> environment)
    {
        var ids = await SampleIdsAsync(environment["ConnectionStrings:Jobs"]!, options.Reads);
        await using var api = await StartApiAsync(environment);
        using var http = await ClientAsync(api.Address);

        var get = await TimeAsync(http, ids.Select(id => $"/pcm/jobs/{id}").ToList());
        var first = await TimeAsync(http, Enumerable.Repeat("/pcm/jobs", options.Reads).ToList());
        var deep = await TimeAsync(http, Enumerable.Repeat($"/pcm/jobs?page[offset]={DeepPageOffset}", options.Reads).ToList());
        return new ReadResult(get, first, deep, api.Process.PeakResidentMegabytes());
    }

    async Task RecordPendingAsync(Dictionary<string, string?> environment, int jobs, int stores = 1)
    {
        // The runner is paused while the jobs are recorded, so that the run starts with all of them waiting.
        await using var recorder = await StartWorkerAsync(environment, runner: false);
        await SubmitManyAsync(environment, jobs, stores);
        await recorder.StopAsync();
    }

    /// <summary>Publishes N jobs from <see cref="BenchOptions.Publishers"/> publishers, the i-th job in store i mod <paramref name="stores"/> (the default store when one).</summary>
    async Task<List<Guid>> SubmitManyAsync(Dictionary<string, string?> environment, int jobs, int stores = 1)
    {
        var ids = Enumerable.Range(0, jobs).Select(_ => NewId.NextGuid()).ToList();
        var buses = await Task.WhenAll(Enumerable.Range(0, BenchOptions.Publishers).Select(_ => StartBusAsync(environment)));
        try
        {
            await Task.WhenAll(buses.Select((bus, p) => Task.WhenAll(ids.Select((id, i) => (id, i)).Where(x => x.i % BenchOptions.Publishers == p)
                .Select(x => bus.Publish(new SubmitJob { JobId = x.id, JobType = JobTypes.ProductExport, StoreId = stores == 1 ? null : $"store-{x.i % stores}" })))));
        }
        finally
        {
            foreach (var bus in buses)
                await bus.StopAsync();
        }

        await WaitUntilAsync(async () => await CountAsync(environment["ConnectionStrings:Jobs"]!, "status = 'pending'") >= jobs,
            TimeSpan.FromMinutes(10), $"{jobs} jobs to be recorded");
        return ids;
    }

    async Task<ChildProcess> StartWorkerAsync(Dictionary<string, string?> environment, bool runner) =>
        await ChildProcess.StartAsync(BuildOutput.Bench, ["worker"],
            new Dictionary<string, string?>(environment) { ["Jobs:Runner:Enabled"] = runner ? "true" : "false" });

    /// <summary>
    /// The API in production mode (no worker inside) on a free loopback port, with one client for the default store
    /// (a plain secret: the benchmark's own) and a signing key made for this run.
    /// </summary>
    internal static async Task<RunningApi> StartApiAsync(Dictionary<string, string?> environment)
    {
        var address = new Uri($"http://127.0.0.1:{LocalProcess.FreePort()}");
        var api = await ChildProcess.StartAsync(BuildOutput.Api, ["--urls", address.ToString()],
            new Dictionary<string, string?>(environment)
            {
                ["Jobs:HostWorker"] = "false",
                ["Jobs:Auth:SigningKeys:0"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Jobs:Files:LinkSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Jobs:Auth:Clients:0:ClientId"] = BenchClientId,
                ["Jobs:Auth:Clients:0:StoreId"] = JobStores.Default,
                ["Jobs:Auth:Clients:0:ClientSecret"] = BenchClientSecret,
            });
        return new RunningApi(api, address);
    }

    /// <summary>A client of the API that sends a token of the benchmark's client (valid an hour, longer than any workload) with every request.</summary>
    internal static async Task<HttpClient> ClientAsync(Uri address)
    {
        var http = new HttpClient { BaseAddress = address };
        using var form = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("client_id", BenchClientId), new("client_secret", BenchClientSecret)]);
        using var response = await http.PostAsync("/oauth/access_token", form);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    static async Task<IBusControl> StartBusAsync(Dictionary<string, string?> environment)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(environment["ConnectionStrings:RabbitMq"]!)));
        await bus.StartAsync();
        return bus;
    }

    static async Task<Guid> SubmitOverHttpAsync(HttpClient http, object parameters)
    {
        using var response = await http.PostAsJsonAsync("/pcm/jobs", new
        {
            data = new { type = "pim-job", attributes = new { type = JobTypes.ProductExport }, meta = new { parameters } },
        });
        response.EnsureSuccessStatusCode();
        var document = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return Guid.Parse(document["data"]!["id"]!.GetValue<string>());
    }

    static async Task<string> StatusAsync(HttpClient http, Guid jobId) =>
        (await http.GetFromJsonAsync<JsonObject>($"/pcm/jobs/{jobId}"))!["data"]!["attributes"]!["status"]!.GetValue<string>();

    /// <summary>The p99 of GETs of <paramref name="paths"/>, after a warm-up of the same requests.</summary>
    static async Task<double> TimeAsync(HttpClient http, List<string> paths)
    {
        foreach (var path in paths.Take(UntimedReads))
            (await http.GetAsync(path)).EnsureSuccessStatusCode();
        var timings = new List<double>(paths.Count);
        foreach (var path in paths)
        {
            var stopwatch = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            stopwatch.Stop();
            response.EnsureSuccessStatusCode();
            timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return Stats.Percentile(timings, 99);
    }

    /// <summary>
    /// <paramref name="rows"/> finished jobs in one INSERT … SELECT over generate_series, with the count triggers off and
    /// the counts recomputed afterwards (the way README.md says to bulk-load), then ANALYZE, so that reads meet
    /// the plans a long-lived table gets.
    /// </summary>
    static async Task BulkLoadAsync(string connectionString, int rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand($$"""
            ALTER TABLE jobs DISABLE TRIGGER USER;
            INSERT INTO jobs (id, status, sequence, type, request_id, parameters, created_at, updated_at, started_at, completed_at, attempt, errors)
            SELECT gen_random_uuid(), (ARRAY['success','failed','cancelled','success','success'])[1 + i % 5], i,
                (ARRAY['child-products','product-import','product-export','hierarchy-duplicate','price-import'])[1 + (i / 7) % 5],
                'bulk-' || i, '{}', timestamptz '2025-01-01' + i * interval '10 ms', timestamptz '2025-01-01' + i * interval '10 ms',
                timestamptz '2025-01-01' + i * interval '10 ms', timestamptz '2025-01-01' + i * interval '10 ms', 1, '[]'
            FROM generate_series(1, {{rows}}) AS i;
            INSERT INTO job_lines (store_id, last_sequence, last_created_at, has_work, last_served_at)
            VALUES ('default', {{rows}}, timestamptz '2025-01-01' + {{rows}} * interval '10 ms', false, timestamptz 'epoch')
            ON CONFLICT (store_id) DO UPDATE SET last_sequence = excluded.last_sequence, last_created_at = excluded.last_created_at;
            ALTER TABLE jobs ENABLE TRIGGER USER;
            {{JobCountTriggers.RecountSql}}
            ANALYZE jobs;
            """, connection) { CommandTimeout = 600 };
        await insert.ExecuteNonQueryAsync();
    }

    static async Task<List<Guid>> SampleIdsAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT id FROM jobs ORDER BY random() LIMIT {count}", connection);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    static async Task<long> CountAsync(string connectionString, string where)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM jobs WHERE {where}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    internal sealed record RunningApi(ChildProcess Process, Uri Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
