using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AppHost.Dashboard.Pages;

/// <summary>
/// The dashboard's pages: one HTML shell served for every view's path, and its script and stylesheet, all embedded
/// in the AppHost assembly (no CDN, no files next to the binary). The shell reads the JSON API from the browser.
/// A strict Content-Security-Policy allows only this origin: nothing is loaded from elsewhere (inline style
/// attributes are allowed for the waterfall's bar positions; scripts are not).
/// </summary>
internal static class DashboardPages
{
    private const string Policy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

    private static readonly string[] s_views = ["/", "/resources", "/console/{instance}", "/logs", "/traces", "/traces/{traceId}", "/metrics"];

    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> s_assets = new Dictionary<string, (byte[], string)>
    {
        ["index.html"] = (Load("index.html"), "text/html; charset=utf-8"),
        ["app.js"] = (Load("app.js"), "text/javascript; charset=utf-8"),
        ["app.css"] = (Load("app.css"), "text/css; charset=utf-8"),
        ["uPlot.iife.min.js"] = (Load("uPlot.iife.min.js"), "text/javascript; charset=utf-8"),
        ["uPlot.min.css"] = (Load("uPlot.min.css"), "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Maps the views' paths to the shell and <c>/assets/{file}</c> to the embedded files.</summary>
    public static IEndpointRouteBuilder MapDashboardPages(this IEndpointRouteBuilder app)
    {
        foreach (var path in s_views)
        {
            app.MapGet(path, (HttpContext context) => Serve(context, "index.html"));
        }

        app.MapGet("/assets/{file}", (HttpContext context, string file) => Serve(context, file));
        return app;
    }

    private static IResult Serve(HttpContext context, string file)
    {
        if (!s_assets.TryGetValue(file, out var asset))
        {
            return DashboardProblem.NotFound(context, $"No dashboard asset named '{file}'.");
        }

        context.Response.Headers.ContentSecurityPolicy = Policy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardPages).Assembly.GetManifestResourceStream("AppHost.Dashboard.wwwroot." + name)
            ?? throw new InvalidOperationException($"The dashboard asset '{name}' is not embedded in the AppHost assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
