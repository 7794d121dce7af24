using Jobs.Worker.Persistence;
using Jobs.Worker.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Jobs.Worker.Hosting;

/// <summary>
/// The worker process: the job saga, the runner and the sweeper, plus <c>/health/live</c> and
/// <c>/health/ready</c>. A host of your own (with your handlers) is <c>Create(args, (s, _) =&gt; s.AddJobHandler&lt;…&gt;())</c>
/// followed by <c>RunAsync</c>.
/// </summary>
public static partial class JobsWorkerApplication
{
    /// <summary>
    /// Builds the worker. Health endpoints listen where ASP.NET Core's <c>Urls</c> or <c>HTTP_PORTS</c> say;
    /// by default on a free loopback port, logged at start, so that several workers fit on one machine.
    /// <paramref name="handlers"/> registers the job handlers and whatever they need (the catalog, for the worker's own).
    /// </summary>
    public static WebApplication Create(string[] args, Action<IServiceCollection, IConfiguration>? handlers = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddJobsWorker(builder.Configuration);
        builder.Services.AddJobsHealthChecks<Jobs.Worker.Persistence.JobsDbContext>();
        builder.Services.AddJobsTelemetry(builder.Configuration, "jobs-worker");
        builder.Logging.AddJobsLogging(builder.Configuration);
        handlers?.Invoke(builder.Services, builder.Configuration);
        // Long enough for the runner to hand a running job back before the bus stops.
        builder.Services.AddOptions<HostOptions>().Configure(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));

        var app = builder.Build();
        app.MapJobsHealthChecks();
        app.MapJobsTelemetry();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "").TrimEnd('/');
            var prometheus = app.Configuration.GetSection(Options.TelemetryOptions.SectionName).Get<Options.TelemetryOptions>()?.Prometheus == true;
            LogReady(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JobsWorkerApplication).FullName!),
                address, RunSummary.Mode(app.Configuration), RunSummary.Lines(app.Services), RunSummary.Handlers(app.Services),
                prometheus ? $"{address}/metrics" : "off (Jobs:Telemetry:Prometheus)");
        });
        return app;
    }

    /// <summary>
    /// Runs the worker; or, with the argument <c>migrate</c>, only brings the database schema up to date; or, with
    /// <c>health</c>, only asks the worker running with the same settings whether it is ready (exit code 0 when it is).
    /// </summary>
    public static async Task RunAsync(this WebApplication app, string[] args)
    {
        if (args is ["health", ..])
        {
            Environment.ExitCode = await HealthProbe.CheckAsync(app.Configuration, Console.Out, CancellationToken.None) ? 0 : 1;
            return;
        }

        if (args is ["migrate", ..])
        {
            await DatabaseMigrator.MigrateAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);
            return;
        }

        await app.RunAsync();
    }

    /// <summary>One block: the first line is what scripts wait for (and read the health address from).</summary>
    [LoggerMessage(LogLevel.Information, "Worker ready; health at {Address}/health/ready\n  mode      {Mode}\n  lines     {Lines}\n  handlers  {Handlers}\n  metrics   {Metrics}")]
    static partial void LogReady(ILogger logger, string address, string mode, string lines, string handlers, string metrics);
}
