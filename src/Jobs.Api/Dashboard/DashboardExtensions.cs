namespace Jobs.Api.Dashboard;

/// <summary>
/// The jobs dashboard at <c>/dashboard/</c>: a page in plain HTML, CSS and JavaScript that signs in with the API's own
/// tokens and then uses only the public HTTP API, so that it works whether or not the API hosts the worker. Its files
/// need no token; every data call the page makes carries one.
/// </summary>
static class DashboardExtensions
{
    public const string Path = "/dashboard";

    const string IndexName = "index.html";

    /// <summary>
    /// Only this origin's files and API: no inline script or style, no plugin, no framing, forms posted nowhere else.
    /// A script injected through a job's data (an error message, a filter) would not run.
    /// </summary>
    const string ContentSecurityPolicy = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Maps <c>/dashboard/</c> and its files.</summary>
    /// <returns>The same builder, so that calls can be chained.</returns>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var assets = DashboardAssets.Load(typeof(DashboardExtensions).Assembly);
        app.MapGet($"{Path}/{{name?}}", (string? name, HttpContext context) => Serve(assets, name, context))
            .WithName("Dashboard")
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    static IResult Serve(DashboardAssets assets, string? name, HttpContext context)
    {
        // Routing matches /dashboard too, where the page's relative links would point above it.
        if (name is null && !context.Request.Path.Value!.EndsWith('/'))
            return Results.Redirect($"{Path}/");
        if (assets.Find(name ?? IndexName) is not { } asset)
            return Results.NotFound();

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // The page shows signed download links: a link followed from it must not carry the page's address anywhere.
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated at every load (a 304 while unchanged), so that a new version of the API serves its own page.
        headers.CacheControl = "no-cache";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }
}
