using AppHost.Dashboard.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AppHost.Dashboard.Api;

/// <summary><c>GET /api/logs</c>: structured logs of every resource, filtered, newest last.</summary>
internal static class LogsApi
{
    /// <summary>Records answered when no limit is given.</summary>
    public const int DefaultLimit = 200;

    /// <summary>Most records answered at once.</summary>
    public const int MaxLimit = 1_000;

    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapLogsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/logs", Query);
        return app;
    }

    private static IResult Query(HttpContext context, TelemetryStores stores, string? resource, string? level, string? text, string? requestId,
        string? traceId, string? after, string? limit)
    {
        int? minLevel = null;
        if (!string.IsNullOrEmpty(level))
        {
            var index = Array.FindIndex(LogStore.Levels, l => l.Equals(level, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return DashboardProblem.BadParameter(context, "level", "one of " + string.Join(", ", LogStore.Levels));
            }

            minLevel = index;
        }

        if (!QueryParameters.TryLong(after, out var afterSeq))
        {
            return DashboardProblem.BadParameter(context, "after", "a non-negative integer (the last seq seen)");
        }

        if (!QueryParameters.TryInt(limit, DefaultLimit, 1, MaxLimit, out var max))
        {
            return DashboardProblem.BadParameter(context, "limit", $"an integer from 1 to {MaxLimit}");
        }

        if (QueryParameters.Text(traceId) is { } trace && !QueryParameters.IsHexId(trace))
        {
            return DashboardProblem.BadParameter(context, "traceId", "a hex trace id");
        }

        return TypedResults.Ok(stores.Logs.Query(new LogQuery
        {
            Resource = QueryParameters.Text(resource),
            MinLevel = minLevel,
            Text = QueryParameters.Text(text),
            RequestId = QueryParameters.Text(requestId),
            TraceId = QueryParameters.Text(traceId),
            After = afterSeq,
            Limit = max,
        }));
    }
}
