using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AppHost.Dashboard.Api;

/// <summary>
/// <c>/api/genai/*</c>: the aggregator's own JSON, proxied with the query string unchanged (stats, timeseries, top,
/// alerts with their example request ids, rules), so the overview page reads the same figures as the aggregator's API.
/// 502 when it cannot be reached.
/// </summary>
internal static class GenAiApi
{
    /// <summary>How long the aggregator gets to answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapGenAiApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/genai/stats", (HttpContext c, IResourceCatalog catalog, GenAiProxy proxy) => proxy.ForwardAsync(c, catalog, "/stats"));
        app.MapGet("/api/genai/timeseries", (HttpContext c, IResourceCatalog catalog, GenAiProxy proxy) => proxy.ForwardAsync(c, catalog, "/stats/timeseries"));
        app.MapGet("/api/genai/cost", (HttpContext c, IResourceCatalog catalog, GenAiProxy proxy) => proxy.ForwardAsync(c, catalog, "/stats/cost"));
        app.MapGet("/api/genai/top", (HttpContext c, IResourceCatalog catalog, GenAiProxy proxy) => proxy.ForwardAsync(c, catalog, "/stats/top"));
        app.MapGet("/api/genai/alerts", (HttpContext c, IResourceCatalog catalog, GenAiProxy proxy) => proxy.ForwardAsync(c, catalog, "/alerts"));
        app.MapGet("/api/genai/rules", (HttpContext c, IResourceCatalog catalog, GenAiProxy proxy) => proxy.ForwardAsync(c, catalog, "/rules"));
        return app;
    }
}
