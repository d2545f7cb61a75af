namespace Telemetry.Aggregator.Stats;

/// <summary>
/// <c>GET /stats</c>, <c>GET /stats/timeseries</c>, <c>GET /stats/top</c>, <c>GET /stats/cost</c> (today's or this
/// month's spend, UTC). Bad parameters answer 400 problem+json
/// naming the parameter and the allowed values; an unreachable cache answers 503 problem+json.
/// </summary>
internal static class StatsApi
{
    /// <summary>Maps the stats routes.</summary>
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/stats").AddEndpointFilter(TranslateFailures);
        stats.MapGet("/", async (HttpContext context, StatsService service, string? window, string? model, string? route, string? tenant) =>
        {
            var w = StatsQuery.Window(window);
            var snapshot = await service.SnapshotAsync(w, StatsQuery.Series(model, route, tenant), context.RequestAborted);
            return Results.Json(snapshot, StatsJsonContext.Default.StatsSnapshot);
        });
        stats.MapGet("/timeseries", async (HttpContext context, StatsService service, string? metric, string? window, string? step, string? model, string? route, string? tenant) =>
        {
            var m = StatsQuery.Metric("metric", metric);
            var w = StatsQuery.Window(window);
            var s = StatsQuery.Step(step, w);
            var series = StatsQuery.Series(model, route, tenant);
            var points = await service.TimeseriesAsync(w, s, m, series, context.RequestAborted);
            var stepName = StatsQuery.Steps.First(p => p.Value == s).Key;
            return Results.Json(new TimeseriesResponse(m.Name, w.Name, stepName, series, points), StatsJsonContext.Default.TimeseriesResponse);
        });
        stats.MapGet("/top", async (HttpContext context, StatsService service, string? by, string? dim, string? window, string? limit) =>
        {
            var m = StatsQuery.Metric("by", by ?? "requests", alias: "cost");
            var prefix = StatsQuery.Dimension(dim ?? "model");
            var w = StatsQuery.Window(window);
            var items = await service.TopAsync(w, prefix, m, StatsQuery.Limit(limit), context.RequestAborted);
            return Results.Json(new TopResponse(w.Name, by ?? "requests", dim ?? "model", items), StatsJsonContext.Default.TopResponse);
        });
        stats.MapGet("/cost", async (HttpContext context, StatsService service, string? period, string? model, string? route, string? tenant) =>
        {
            var p = period ?? "day";
            if (p is not ("day" or "month"))
            {
                throw new QueryProblem("period", p, "day, month");
            }

            var cost = await service.CostAsync(p, StatsQuery.Series(model, route, tenant), context.RequestAborted);
            return Results.Json(cost, StatsJsonContext.Default.CostResponse);
        });
        return app;
    }

    private static async ValueTask<object?> TranslateFailures(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (QueryProblem problem)
        {
            return problem.ToResult(context.HttpContext);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException or InvalidOperationException)
        {
            return Results.Problem(
                title: "Statistics unavailable",
                detail: "The cache holding the statistics cannot be reached: " + e.Message,
                statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["requestId"] = context.HttpContext.TraceIdentifier });
        }
    }
}
