using Jobs.Worker.Options;
using Jobs.Worker.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Jobs.Worker.Hosting;

/// <summary>OpenTelemetry for the API and the worker: what is traced and measured, and where it goes (README, "Metrics" and "Exporters").</summary>
public static class JobsTelemetryExtensions
{
    /// <summary>
    /// Registers OpenTelemetry when an exporter is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or
    /// <c>Jobs:Telemetry:Prometheus</c>); otherwise nothing, so that telemetry which is off costs nothing.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration to read (environment variables included).</param>
    /// <param name="serviceName">The resource's <c>service.name</c>: <c>jobs-api</c> or <c>jobs-worker</c>.</param>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrEmpty(configuration[TelemetryOptions.OtlpEndpointVariable]);
        if (!otlp && !options.Prometheus)
            return services;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t => t.AddJobsInstrumentation())
            .WithMetrics(m => m.AddJobsInstrumentation());
        // A worker's instruments are made as the meter provider is built, not by its first job: its gauges are reported
        // from the first collection on. The API in production mode has none.
        services.ConfigureOpenTelemetryMeterProvider((provider, _) => provider.GetService<JobsMetrics>());
        if (otlp)
            telemetry.UseOtlpExporter();
        if (options.Prometheus)
            telemetry.WithMetrics(m => m.AddPrometheusExporter());
        return services;
    }

    /// <summary>The spans Jobs records: its own, MassTransit's, Npgsql's and ASP.NET Core's.</summary>
    public static TracerProviderBuilder AddJobsInstrumentation(this TracerProviderBuilder tracing) => tracing
        .AddSource(JobsTelemetry.Name, JobsTelemetry.MassTransitName)
        .AddAspNetCoreInstrumentation()
        .AddNpgsql();

    /// <summary>The instruments Jobs reports: its own, MassTransit's and ASP.NET Core's.</summary>
    public static MeterProviderBuilder AddJobsInstrumentation(this MeterProviderBuilder metrics) => metrics
        .AddMeter(JobsTelemetry.Name, JobsTelemetry.MassTransitName)
        .AddAspNetCoreInstrumentation();

    /// <summary>The Prometheus scrape endpoint, <c>/metrics</c>, when <c>Jobs:Telemetry:Prometheus</c> is on.</summary>
    public static IEndpointRouteBuilder MapJobsTelemetry(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.Prometheus == true)
            endpoints.MapPrometheusScrapingEndpoint();
        return endpoints;
    }
}
