using AppHost.Dashboard.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AppHost.Dashboard.Api;

/// <summary><c>GET /api/metrics</c> (instruments) and <c>GET /api/metrics/series</c> (points, histogram quantiles).</summary>
internal static class MetricsApi
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/metrics", (TelemetryStores stores) => TypedResults.Ok(new { instruments = stores.Metrics.Instruments(), droppedPoints = stores.Metrics.DroppedPoints }));
        app.MapGet("/api/metrics/series", Series);
        return app;
    }

    private static IResult Series(HttpContext context, TelemetryStores stores, string? resource, string? name)
    {
        if (QueryParameters.Text(resource) is not { } r)
        {
            return DashboardProblem.BadParameter(context, "resource", "a resource instance name from /api/metrics");
        }

        if (QueryParameters.Text(name) is not { } n)
        {
            return DashboardProblem.BadParameter(context, "name", "an instrument name from /api/metrics");
        }

        return stores.Metrics.Series(r, n) is { } series
            ? TypedResults.Ok(series)
            : DashboardProblem.NotFound(context, $"Resource '{r}' has exported no instrument named '{n}'.");
    }
}
