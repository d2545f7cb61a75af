using System.Text;
using AppHost.Dashboard.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace AppHost.Dashboard.Api;

/// <summary>
/// <c>GET /api/events</c>: a server-sent event stream that says what changed (<c>event: changed</c>, data
/// <c>{"kind":"logs"}</c> and so on), at most once per <see cref="Interval"/> per kind, so pages refresh without polling
/// every route. Each connection compares version counters, so any number of pages can listen.
/// </summary>
internal static class EventsApi
{
    /// <summary>How often changes are looked for (and the most often a kind is announced).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private static readonly string[] s_kinds = ["logs", "traces", "metrics", "resources", "console"];

    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", StreamAsync);
        return app;
    }

    private static async Task StreamAsync(HttpContext context, TelemetryStores stores, IResourceCatalog catalog, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        // Graceful shutdown waits for open requests: end the stream when the host stops, not only when the page leaves.
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        // The baseline is taken before the client hears ": connected": whatever changes after that line is announced
        // (taken after, a change made right when the client connected was silently part of the baseline).
        var seen = Versions(stores, catalog);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(": connected\n\n", end.Token);
        await context.Response.Body.FlushAsync(end.Token);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(end.Token))
            {
                var now = Versions(stores, catalog);
                var message = new StringBuilder();
                for (var i = 0; i < s_kinds.Length; i++)
                {
                    if (now[i] != seen[i])
                    {
                        message.Append("event: changed\ndata: {\"kind\":\"").Append(s_kinds[i]).Append("\"}\n\n");
                    }
                }

                seen = now;
                if (message.Length > 0)
                {
                    await context.Response.WriteAsync(message.ToString(), end.Token);
                    await context.Response.Body.FlushAsync(end.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away or the dashboard is stopping.
        }
    }

    private static long[] Versions(TelemetryStores stores, IResourceCatalog catalog)
    {
        var resources = 17L;
        long console = 0;
        foreach (var r in catalog.Snapshot())
        {
            resources = (resources * 31) + HashCode.Combine(r.Instance, r.State, r.Health, r.Restarts, r.Pid);
            console += catalog.Console(r.Instance)?.LastSeq ?? 0;
        }

        return [stores.Logs.Version, stores.Traces.Version, stores.Metrics.Version, resources, console];
    }
}
