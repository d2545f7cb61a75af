using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Http;

/// <summary>
/// Gives every request an id: the client's <c>X-Request-ID</c> when it is sane (1-128 of <c>[A-Za-z0-9._:-]</c>),
/// else a new one. The id is echoed on the response, tagged on the current span, and put in the logging scope so
/// every log line of the request carries it. One log line per request records method, route template, status and
/// duration (never a body or a query string); health and metrics probes are not logged.
/// </summary>
internal sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-ID";
    private const int MaxLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var id = Sane(context.Request.Headers[HeaderName].ToString()) ?? Guid.CreateVersion7().ToString("N");
        context.TraceIdentifier = id;
        context.Response.Headers[HeaderName] = id;
        Activity.Current?.SetTag("http.request.id", id);
        if (Activity.Current is { } activity)
        {
            context.Response.Headers["traceparent"] = activity.Id;
        }

        var probe = IsProbe(context.Request.Path);
        var started = Stopwatch.GetTimestamp();
        using (logger.BeginScope(new RequestScope(id, Activity.Current)))
        {
            try
            {
                await next(context);
            }
            finally
            {
                if (!probe)
                {
                    var template = (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText;
                    ServiceDefaultsLog.RequestFinished(logger, context.Request.Method, template ?? "(unmatched)", context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, id);
                }
            }
        }
    }

    /// <summary>Health and metrics endpoints: kept out of request logs (and, by the tracing filter, out of traces).</summary>
    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments("/metrics");

    private static string? Sane(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return null;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return null;
            }
        }

        return value;
    }
}
