using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Console;

namespace Jobs.Worker.Telemetry;

/// <summary>How the API and the worker log (README, "Logs").</summary>
public static class JobsLoggingExtensions
{
    /// <summary>
    /// Every line logged inside a span carries its <c>TraceId</c> and <c>SpanId</c> (as a scope), beside the job's scope
    /// (<c>JobId</c>, <c>StoreId</c>). The JSON console format (<c>Logging:Console:FormatterName</c> <c>json</c>) writes
    /// scopes unless <c>Logging:Console:FormatterOptions:IncludeScopes</c> says otherwise: without them a JSON line
    /// would lose exactly those properties.
    /// </summary>
    /// <param name="logging">The host's logging.</param>
    /// <param name="configuration">The configuration to read.</param>
    /// <returns>The same builder, so that calls can be chained.</returns>
    public static ILoggingBuilder AddJobsLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (configuration["Logging:Console:FormatterOptions:IncludeScopes"] is null)
            logging.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        return logging;
    }
}
