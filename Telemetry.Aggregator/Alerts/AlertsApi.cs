using Microsoft.Extensions.Options;

namespace Telemetry.Aggregator.Alerts;

/// <summary><c>GET /alerts</c> (active conditions and recent notifications) and <c>GET /rules</c>.</summary>
internal static class AlertsApi
{
    /// <summary>Maps the alert routes.</summary>
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/alerts", async (AlertStore store, HttpContext context) =>
        {
            var states = await store.ReadStatesAsync(context.RequestAborted);
            var recent = await store.RecentAsync(50, context.RequestAborted);
            var active = states.Values.OrderByDescending(s => s.State == "firing").ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
            return Results.Json(new AlertsResponse(active, recent), AlertsJsonContext.Default.AlertsResponse);
        });
        app.MapGet("/rules", (IOptions<AlertsOptions> options) =>
            Results.Json(new RulesResponse(options.Value.Rules, options.Value.EvaluationInterval), AlertsJsonContext.Default.RulesResponse));
        return app;
    }
}
