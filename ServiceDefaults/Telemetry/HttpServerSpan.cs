using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// HTTP server semantic conventions on ASP.NET Core's request activity, which without the (unavailable)
/// OpenTelemetry.Instrumentation.AspNetCore package is named <c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c> and
/// carries no HTTP attributes: name <c>{method} {route}</c>, http.request.method, http.route, url.path (never the
/// query string), url.scheme, http.response.status_code, and an error status for 5xx.
/// </summary>
internal static class HttpServerSpan
{
    /// <summary>Called once the request has finished, when the route and status are known.</summary>
    public static void Enrich(Activity activity, HttpContext context, string? route)
    {
        if (!activity.IsAllDataRequested)
        {
            return;
        }

        var method = context.Request.Method;
        var status = context.Response.StatusCode;
        activity.DisplayName = route is null ? method : method + " " + route;
        activity.SetTag("http.request.method", method);
        if (route is not null)
        {
            activity.SetTag("http.route", route);
        }

        activity.SetTag("url.path", context.Request.Path.Value);
        activity.SetTag("url.scheme", context.Request.Scheme);
        activity.SetTag("http.response.status_code", status);
        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
