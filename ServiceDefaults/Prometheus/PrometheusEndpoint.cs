using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Prometheus;

/// <summary><c>GET /metrics</c>: collect now, answer OpenMetrics 1.0.0 or text 0.0.4 as the Accept header asks.</summary>
internal static class PrometheusEndpoint
{
    public static async Task ScrapeAsync(HttpContext context, PrometheusExporter exporter, OpenTelemetry.Metrics.MeterProvider meters)
    {
        _ = meters; // resolving it guarantees the reader is attached before the first scrape
        var format = AcceptNegotiation.Choose(context.Request.Headers.Accept);
        byte[] body;
        lock (exporter.Gate)
        {
            exporter.Format = format;
            if (!(exporter.Collect ?? exporter.Reader!.Collect)(5000))
            {
                throw new InvalidOperationException("Metric collection failed or timed out.");
            }

            body = exporter.Rendered.ToArray();
        }

        context.Response.ContentType = format == ExpositionFormat.OpenMetrics ? AcceptNegotiation.OpenMetricsContentType : AcceptNegotiation.TextContentType;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Vary = "Accept";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
