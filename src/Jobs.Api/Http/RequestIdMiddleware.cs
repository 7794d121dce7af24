using Jobs.Contracts;

namespace Jobs.Api.Http;

/// <summary>
/// Gives every request an id: the client's <c>X-Request-Id</c> when it sends a usable one, else a new UUID.
/// The id is echoed on every response, scopes the request's logs, and becomes the <c>x_request_id</c> of a
/// job the request creates.
/// </summary>
sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var sent = context.Request.Headers[Header].ToString();
        var requestId = IsUsable(sent) ? sent : Guid.NewGuid().ToString();
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = requestId;
            return Task.CompletedTask;
        });

        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId }))
            await next(context);
    }

    // Printable ASCII only, so that an id can be logged and echoed in a header safely.
    static bool IsUsable(string value) =>
        value.Length is > 0 and <= JobLimits.MaxRequestIdLength && value.All(c => c is >= '!' and <= '~');
}
