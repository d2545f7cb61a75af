using AppHost.Dashboard.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AppHost.Dashboard.Api;

/// <summary><c>GET /api/traces</c> (newest first) and <c>GET /api/traces/{traceId}</c> (spans by start).</summary>
internal static class TracesApi
{
    /// <summary>Traces answered when no limit is given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Most traces answered at once.</summary>
    public const int MaxLimit = 1_000;

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapTracesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/traces", List);
        app.MapGet("/api/traces/{traceId}", Detail);
        return app;
    }

    private static IResult List(HttpContext context, TelemetryStores stores, string? resource, string? errorsOnly, string? text, string? limit)
    {
        if (!QueryParameters.TryBool(errorsOnly, out var errors))
        {
            return DashboardProblem.BadParameter(context, "errorsOnly", "true or false");
        }

        if (!QueryParameters.TryInt(limit, DefaultLimit, 1, MaxLimit, out var max))
        {
            return DashboardProblem.BadParameter(context, "limit", $"an integer from 1 to {MaxLimit}");
        }

        return TypedResults.Ok(stores.Traces.Query(QueryParameters.Text(resource), errors, QueryParameters.Text(text), max));
    }

    private static IResult Detail(HttpContext context, TelemetryStores stores, string traceId)
    {
        if (!QueryParameters.IsHexId(traceId))
        {
            return DashboardProblem.BadParameter(context, "traceId", "a hex trace id of up to 32 digits");
        }

        if (stores.Traces.Find(traceId.ToLowerInvariant()) is not { Length: > 0 } spans)
        {
            return DashboardProblem.NotFound(context, $"No trace '{traceId}' is stored (never received, or evicted as one of the oldest).");
        }

        var start = spans[0].Span.Start;
        var views = spans.Select(s => new SpanView(s.Span.SpanId, s.Span.ParentSpanId, s.Span.Name, s.Resource, s.Span.Kind, s.Span.Start,
            (s.Span.End - s.Span.Start).TotalMilliseconds, (s.Span.Start - start).TotalMilliseconds, s.Span.Status, s.Span.StatusMessage,
            s.Span.Attributes, s.Span.Events)).ToArray();
        return TypedResults.Ok(new { traceId = traceId.ToLowerInvariant(), spans = views });
    }
}
