using Microsoft.AspNetCore.Http;

namespace AppHost.Dashboard;

/// <summary>
/// Splits the two ports and enforces access: the OTLP port serves only <c>/v1/*</c> and needs the API key; the UI port
/// serves everything else, and every route but <c>/login</c> needs the browser cookie. A refusal is problem+json for
/// <c>/api</c> and OTLP routes and a small HTML page for pages, pointing at the URL the AppHost printed.
/// </summary>
internal sealed class DashboardGate(RequestDelegate next, DashboardAccess access, DashboardPorts ports)
{
    private const string LoginHelp = "Open the dashboard URL printed by the AppHost (AppHost: dashboard http://127.0.0.1:<port>/login?t=<token>).";

    /// <summary>The 401 page for browsers.</summary>
    public const string UnauthorizedPage =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Dashboard: sign in</title></head><body>"
        + "<h1>Not signed in</h1><p>Open the dashboard URL printed by the AppHost at start "
        + "(<code>AppHost: dashboard http://127.0.0.1:&lt;port&gt;/login?t=&lt;token&gt;</code>). The token changes on every run.</p></body></html>";

    /// <summary>Middleware entry point.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var otlpRoute = context.Request.Path.StartsWithSegments("/v1");
        if (context.Connection.LocalPort == ports.Otlp)
        {
            if (!otlpRoute)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (!access.HasApiKey(context.Request))
            {
                await DashboardProblem.Create(context, StatusCodes.Status401Unauthorized, "Missing or wrong OTLP API key",
                    $"Send the '{DashboardAccess.ApiKeyHeader}' header from OTEL_EXPORTER_OTLP_HEADERS, as the AppHost injects it.").ExecuteAsync(context);
                return;
            }

            await next(context);
            return;
        }

        if (otlpRoute)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (context.Request.Path.Equals("/login", StringComparison.Ordinal) || access.HasCookie(context.Request))
        {
            await next(context);
            return;
        }

        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await DashboardProblem.Create(context, StatusCodes.Status401Unauthorized, "Not signed in", LoginHelp).ExecuteAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(UnauthorizedPage, context.RequestAborted);
    }
}
