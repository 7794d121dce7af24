using Jobs.Api.Documents;
using Microsoft.AspNetCore.Diagnostics;

namespace Jobs.Api.Http;

/// <summary>
/// Makes every error a JSON:API error body, including those no endpoint writes: unknown routes (404), a
/// wrong method (405), and unhandled exceptions (500, with the request id and never a stack trace).
/// </summary>
static partial class JsonApiErrorHandling
{
    public static IApplicationBuilder UseJsonApiErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(errorApp => errorApp.Run(async context =>
        {
            var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Jobs.Api");
            LogUnhandled(logger, exception, context.TraceIdentifier);
            await WriteAsync(context, StatusCodes.Status500InternalServerError,
                "There was an internal server error, you can report with your request id.", context.TraceIdentifier);
        }));
        app.UseStatusCodePages(context => WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, DetailFor(context.HttpContext)));
        return app;
    }

    static string? DetailFor(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"There is no {context.Request.Path} here.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
        // Routing refuses a body in a media type the endpoint does not accept before the endpoint can say so.
        StatusCodes.Status415UnsupportedMediaType => $"Send the body as application/json, not '{context.Request.ContentType ?? "no content type"}'.",
        _ => null,
    };

    static Task WriteAsync(HttpContext context, int status, string? detail, string? requestId = null)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorDocument([ApiErrors.Error(status, detail, requestId: requestId)]));
    }

    [LoggerMessage(LogLevel.Error, "Unhandled exception in request {RequestId}")]
    static partial void LogUnhandled(ILogger logger, Exception? exception, string requestId);
}
