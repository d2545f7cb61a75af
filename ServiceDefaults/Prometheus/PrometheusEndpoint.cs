using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Prometheus;

/// <summary><c>GET /metrics</c>: collect now, answer the text format 0.0.4.</summary>
internal static class PrometheusEndpoint
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static async Task ScrapeAsync(HttpContext context, PrometheusExporter exporter, OpenTelemetry.Metrics.MeterProvider meters)
    {
        _ = meters; // resolving it guarantees the reader is attached before the first scrape
        byte[] body;
        lock (exporter.Gate)
        {
            if (!(exporter.Collect ?? exporter.Reader!.Collect)(5000))
            {
                throw new InvalidOperationException("Metric collection failed or timed out.");
            }

            body = exporter.Rendered.ToArray();
        }

        context.Response.ContentType = ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
